package org.citysafe.routes.hj212;

import io.netty.handler.codec.bytes.ByteArrayEncoder;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.NettyConstants;
import org.citysafe.routes.codec.MetricTable;
import org.citysafe.routes.ingest.CanonicalReadings;
import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.routes.ingest.ReadingSink;
import org.citysafe.routes.tcp.SessionDecoder;
import org.citysafe.routes.tcp.StreamSession;
import org.citysafe.routes.tcp.TcpListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * HJ 212-2017 stations over TCP, one Camel Netty consumer per listening port. Each connection has its own
 * {@link Hj212Session} (framing, CRC, split packets), ticked every second so that split packets whose parts never
 * all arrive are still delivered. A packet is answered as its {@code Flag} asks (data response CN=9014) only after its
 * readings are decided and stored; a packet that fails its checks, or whose decision fails, gets no answer, so the
 * station sends it again after its timeout, and is kept as a dead letter.
 */
public class Hj212TcpRoute extends RouteBuilder {

    public static final String ROUTE = Hj212ReadingMapper.SOURCE;
    private static final Logger LOG = LoggerFactory.getLogger(Hj212TcpRoute.class);
    private static final String OUTCOME = "citysafe.hj212.outcome";
    private static final Duration TICK = Duration.ofSeconds(1);

    /** One listening port and how its stations speak. */
    public record Listener(TcpListener tcp, Hj212Options options) {
    }

    private final List<Listener> listeners;
    private final MetricTable factorTable;
    private final CanonicalReadings canonical;
    private final ReadingSink sink;
    private final Clock clock;

    public Hj212TcpRoute(List<Listener> listeners, MetricTable factorTable, CanonicalReadings canonical,
                         ReadingSink sink, Clock clock) {
        this.listeners = List.copyOf(listeners);
        this.factorTable = factorTable;
        this.canonical = canonical;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(this::failed);
        getContext().getRegistry().bind("hj212-encoder", new ByteArrayEncoder());
        for (Listener listener : listeners) {
            String decoder = "hj212-decoder-" + listener.tcp().name();
            Hj212ReadingMapper mapper = new Hj212ReadingMapper(listener.options(), factorTable);
            getContext().getRegistry().bind(decoder, SessionDecoder.factory(
                    () -> session(new Hj212Session(listener.options(), mapper, clock)), TICK));
            from(listener.tcp().uri(decoder, "hj212-encoder")).routeId("hj212-tcp-" + listener.tcp().name())
                    .setProperty("citysafe.listener", constant(listener.tcp().name()))
                    .process(this::handle);
        }
    }

    private static StreamSession session(Hj212Session session) {
        return new StreamSession() {
            @Override
            public List<?> receive(byte[] chunk) {
                return session.receive(chunk);
            }

            @Override
            public List<?> tick() {
                return session.tick();
            }

            @Override
            public List<?> close() {
                return session.close();
            }
        };
    }

    private void handle(Exchange exchange) {
        Hj212Session.Outcome outcome = exchange.getIn().getBody(Hj212Session.Outcome.class);
        exchange.setProperty(OUTCOME, outcome);
        String peer = peer(exchange);
        if (outcome instanceof Hj212Session.Accepted accepted) {
            if (!accepted.readings().isEmpty()) {
                String raw = new String(accepted.raw(), StandardCharsets.US_ASCII);
                List<ParsedReading> readings = accepted.readings().stream().map(r -> canonical.check(r, raw)).toList();
                sink.submit(ROUTE, peer, readings);
            }
            if (!accepted.skipped().isEmpty()) LOG.debug("{}: not mapped: {}", peer, accepted.skipped());
        } else if (outcome instanceof Hj212Session.Refused refused) {
            sink.refuse(ROUTE, peer, refused.refusal().raw(), refused.refusal().reason());
        }
        exchange.getMessage().setBody(outcome.reply().orElse(null));
    }

    /** The decision path failed: no answer, so that the station sends the packet again; keep it if we still can. */
    private void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Object outcome = exchange.getProperty(OUTCOME);
        if (outcome instanceof Hj212Session.Accepted accepted) {
            try {
                sink.refuse(ROUTE, peer(exchange), accepted.raw(), "decision path failed, packet not answered so "
                        + "that the station sends it again: " + cause);
            } catch (RuntimeException e) {
                LOG.warn("{}: packet not answered; decision path and dead-letter store both failed: {}",
                        peer(exchange), e.toString());
            }
        } else {
            LOG.warn("{}: could not handle {}: {}", peer(exchange), outcome, String.valueOf(cause));
        }
        exchange.getMessage().setBody(null);
    }

    static String peer(Exchange exchange) {
        Object remote = exchange.getIn().getHeader(NettyConstants.NETTY_REMOTE_ADDRESS);
        return "tcp:" + String.valueOf(remote).replaceFirst("^/", "") + "@" + exchange.getProperty("citysafe.listener");
    }
}
