package org.citysafe.routes.tcp;

import io.netty.handler.codec.bytes.ByteArrayEncoder;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.NettyConstants;
import org.citysafe.routes.ingest.CanonicalReadings;
import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.routes.ingest.ReadingSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Readings over TCP, for every {@link TcpProtocol}: one Camel Netty consumer per listening port, a session per
 * connection whose frames reach the route one exchange each, in the order they arrived. A frame's readings are
 * checked against the catalogue and decided; its reply is written only after they are stored. A frame that fails
 * its checks is kept as a dead letter (and answered as its protocol says); if the decision path fails, the frame gets
 * its protocol's failure reply (a deny, or no answer) so that the device sends it again, and the retransmission is
 * decided then (message ids deduplicate).
 */
public class TcpReadingsRoute extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(TcpReadingsRoute.class);
    private static final String FRAME = "citysafe.tcp.frame";
    private static final String PROTOCOL = "citysafe.tcp.protocol";
    private static final String PORT = "citysafe.tcp.port";

    private final List<TcpProtocol> protocols;
    private final CanonicalReadings canonical;
    private final ReadingSink sink;

    public TcpReadingsRoute(List<TcpProtocol> protocols, CanonicalReadings canonical, ReadingSink sink) {
        this.protocols = List.copyOf(protocols);
        this.canonical = canonical;
        this.sink = sink;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(this::failed);
        getContext().getRegistry().bind("tcp-bytes-encoder", new ByteArrayEncoder());
        for (TcpProtocol protocol : protocols) {
            for (TcpProtocol.Port port : protocol.ports()) {
                String id = protocol.name() + "-tcp-" + port.tcp().name();
                String decoder = id + "-decoder";
                getContext().getRegistry().bind(decoder, SessionDecoder.factory(port.sessions(),
                        protocol.tickInterval()));
                from(port.tcp().uri(decoder, "tcp-bytes-encoder")).routeId(id)
                        .setProperty(PROTOCOL, constant(protocol.name()))
                        .setProperty(PORT, constant(port.tcp().name()))
                        .process(this::handle);
            }
        }
    }

    private void handle(Exchange exchange) {
        TcpFrame frame = exchange.getIn().getBody(TcpFrame.class);
        exchange.setProperty(FRAME, frame);
        String route = exchange.getProperty(PROTOCOL, String.class);
        String peer = peer(exchange);
        if (frame instanceof TcpFrame.Readings r) {
            if (!r.readings().isEmpty()) {
                List<ParsedReading> readings = r.readings().stream().map(x -> canonical.check(x, r.rawText())).toList();
                sink.submit(route, peer, readings);
            }
            if (!r.skipped().isEmpty()) LOG.debug("{}: not mapped: {}", peer, r.skipped());
        } else if (frame instanceof TcpFrame.Refused refused) {
            sink.refuse(route, peer, refused.raw(), refused.reason());
        }
        exchange.getMessage().setBody(frame == null ? null : frame.reply().orElse(null));
    }

    /** The decision path failed: the protocol's failure reply, so that the device sends it again; keep it if we can. */
    private void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Object frame = exchange.getProperty(FRAME);
        byte[] reply = null;
        if (frame instanceof TcpFrame.Readings r) {
            reply = r.whenDecisionFails().get().orElse(null);
            try {
                sink.refuse(exchange.getProperty(PROTOCOL, String.class), peer(exchange), r.raw(),
                        "decision path failed, " + (reply == null ? "not answered" : "denied")
                                + " so that the device sends it again: " + cause);
            } catch (RuntimeException e) {
                LOG.warn("{}: decision path and dead-letter store both failed: {}", peer(exchange), e.toString());
            }
        } else {
            LOG.warn("{}: could not handle {}: {}", peer(exchange), frame, String.valueOf(cause));
        }
        exchange.getMessage().setBody(reply);
    }

    static String peer(Exchange exchange) {
        Object remote = exchange.getIn().getHeader(NettyConstants.NETTY_REMOTE_ADDRESS);
        return "tcp:" + String.valueOf(remote).replaceFirst("^/", "") + "@" + exchange.getProperty(PORT);
    }
}
