package org.citysafe.routes.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.apache.camel.component.netty.ChannelHandlerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The first handler of a connection's pipeline: holds the connection's {@link StreamSession} and passes each of its
 * outcomes on as one message, so that the Camel route sees one frame (or one refused stretch of bytes) per exchange,
 * in the order the bytes arrived. Not sharable: {@link #factory} makes one per connection.
 */
public final class SessionDecoder extends ByteToMessageDecoder {

    private final StreamSession session;
    private final Duration tickInterval;
    private ScheduledFuture<?> ticker;
    private boolean closed;

    SessionDecoder(StreamSession session, Duration tickInterval) {
        this.session = session;
        this.tickInterval = tickInterval;
    }

    /** A factory Camel's Netty component asks for a fresh decoder (and session) per accepted connection. */
    public static ChannelHandlerFactory factory(Supplier<StreamSession> sessions, Duration tickInterval) {
        return new Factory(sessions, tickInterval);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (tickInterval != null && !tickInterval.isZero()) {
            long millis = tickInterval.toMillis();
            ticker = ctx.executor().scheduleAtFixedRate(() -> {
                if (!closed) session.tick().forEach(ctx::fireChannelRead);
            }, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (ticker != null) ticker.cancel(false);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) return;
        byte[] chunk = new byte[in.readableBytes()];
        in.readBytes(chunk);
        out.addAll(session.receive(chunk));
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (closed) return;
        closed = true;
        if (ticker != null) ticker.cancel(false);
        out.addAll(session.close());
    }

    private static final class Factory extends ChannelHandlerAdapter implements ChannelHandlerFactory {
        private final Supplier<StreamSession> sessions;
        private final Duration tickInterval;

        Factory(Supplier<StreamSession> sessions, Duration tickInterval) {
            this.sessions = sessions;
            this.tickInterval = tickInterval;
        }

        @Override
        public ChannelHandler newChannelHandler() {
            return new SessionDecoder(sessions.get(), tickInterval);
        }
    }
}
