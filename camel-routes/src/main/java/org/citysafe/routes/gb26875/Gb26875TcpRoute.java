package org.citysafe.routes.gb26875;

import io.netty.handler.codec.bytes.ByteArrayEncoder;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.NettyConstants;
import org.citysafe.routes.codec.Hex;
import org.citysafe.routes.codec.MetricTable;
import org.citysafe.routes.ingest.CanonicalReadings;
import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.routes.ingest.ReadingSink;
import org.citysafe.routes.tcp.SessionDecoder;
import org.citysafe.routes.tcp.StreamSession;
import org.citysafe.routes.tcp.TcpListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * GB/T 26875.3 user information transmission devices over TCP, one Camel Netty consumer per listening port (each port
 * with its vendor variant). Each connection has its own {@link Gb26875Session}; its frames reach the route one
 * exchange each, in the order they arrived. A "send data" frame is confirmed only after its readings are decided and
 * stored; a frame that fails its checks is denied (so the device sends it again) and kept as a dead letter; if the
 * decision path fails, the frame is denied too, and the retransmission is decided then (message ids deduplicate).
 */
public class Gb26875TcpRoute extends RouteBuilder {

    public static final String ROUTE = Gb26875ReadingMapper.SOURCE;
    private static final Logger LOG = LoggerFactory.getLogger(Gb26875TcpRoute.class);
    private static final String OUTCOME = "citysafe.gb26875.outcome";

    /** One listening port and how its devices speak. */
    public record Listener(TcpListener tcp, Gb26875Options options) {
    }

    private final List<Listener> listeners;
    private final MetricTable analogueTable;
    private final CanonicalReadings canonical;
    private final ReadingSink sink;
    private final Clock clock;

    public Gb26875TcpRoute(List<Listener> listeners, MetricTable analogueTable, CanonicalReadings canonical,
                           ReadingSink sink, Clock clock) {
        this.listeners = List.copyOf(listeners);
        this.analogueTable = analogueTable;
        this.canonical = canonical;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(this::failed);
        getContext().getRegistry().bind("gb26875-encoder", new ByteArrayEncoder());
        for (Listener listener : listeners) {
            String decoder = "gb26875-decoder-" + listener.tcp().name();
            Gb26875ReadingMapper mapper = new Gb26875ReadingMapper(listener.options(), analogueTable);
            getContext().getRegistry().bind(decoder, SessionDecoder.factory(
                    () -> session(new Gb26875Session(listener.options(), mapper, clock)), null));
            from(listener.tcp().uri(decoder, "gb26875-encoder")).routeId("gb26875-tcp-" + listener.tcp().name())
                    .setProperty("citysafe.listener", constant(listener))
                    .process(this::handle);
        }
    }

    private static StreamSession session(Gb26875Session session) {
        return new StreamSession() {
            @Override
            public List<?> receive(byte[] chunk) {
                return session.receive(chunk);
            }

            @Override
            public List<?> close() {
                return session.close();
            }
        };
    }

    private void handle(Exchange exchange) {
        Gb26875Session.Outcome outcome = exchange.getIn().getBody(Gb26875Session.Outcome.class);
        exchange.setProperty(OUTCOME, outcome);
        String peer = peer(exchange);
        if (outcome instanceof Gb26875Session.Accepted accepted) {
            if (!accepted.readings().isEmpty()) {
                String raw = Hex.spaced(accepted.raw());
                List<ParsedReading> readings = accepted.readings().stream().map(r -> canonical.check(r, raw)).toList();
                sink.submit(ROUTE, peer, readings);
            }
            if (!accepted.skipped().isEmpty()) LOG.debug("{}: not mapped: {}", peer, accepted.skipped());
        } else if (outcome instanceof Gb26875Session.Refused refused) {
            sink.refuse(ROUTE, peer, refused.refusal().raw(), refused.refusal().reason());
        }
        exchange.getMessage().setBody(outcome.reply().orElse(null));
    }

    /** The decision path failed: deny the frame, so that the device sends it again, and keep it if we still can. */
    private void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Object outcome = exchange.getProperty(OUTCOME);
        Listener listener = exchange.getProperty("citysafe.listener", Listener.class);
        byte[] reply = null;
        if (outcome instanceof Gb26875Session.Accepted accepted && listener != null) {
            reply = new Gb26875Acknowledgements(listener.options()).deny(accepted.frame(),
                    LocalDateTime.ofInstant(clock.instant(), listener.options().zone()));
            try {
                sink.refuse(ROUTE, peer(exchange), accepted.raw(), "decision path failed, frame denied so that the "
                        + "device sends it again: " + cause);
            } catch (RuntimeException e) {
                LOG.warn("{}: frame denied; decision path and dead-letter store both failed: {}", peer(exchange),
                        e.toString());
            }
        } else {
            LOG.warn("{}: could not handle {}: {}", peer(exchange), outcome, String.valueOf(cause));
        }
        exchange.getMessage().setBody(reply);
    }

    static String peer(Exchange exchange) {
        Object remote = exchange.getIn().getHeader(NettyConstants.NETTY_REMOTE_ADDRESS);
        Object listener = Optional.ofNullable(exchange.getProperty("citysafe.listener"))
                .map(l -> l instanceof Listener g ? g.tcp().name() : String.valueOf(l)).orElse("?");
        return "tcp:" + String.valueOf(remote).replaceFirst("^/", "") + "@" + listener;
    }
}
