package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.MetricTable;
import org.citysafe.routes.tcp.StreamSession;
import org.citysafe.routes.tcp.TcpFrame;
import org.citysafe.routes.tcp.TcpListener;
import org.citysafe.routes.tcp.TcpProtocol;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * HJ 212-2017 stations over TCP. Each connection has its own {@link Hj212Session} (framing, CRC, split packets),
 * ticked every second so that split packets whose parts never all arrive are still delivered. A packet is answered as
 * its {@code Flag} asks (data response CN=9014) only after its readings are decided and stored; a packet that fails
 * its checks, or whose decision fails, gets no answer, so the station sends it again after its timeout.
 */
public final class Hj212Protocol implements TcpProtocol {

    public static final String NAME = Hj212ReadingMapper.SOURCE;
    private static final Duration TICK = Duration.ofSeconds(1);

    /** One listening port and how its stations speak. */
    public record Listener(TcpListener tcp, Hj212Options options) {
    }

    private final List<Port> ports;

    public Hj212Protocol(List<Listener> listeners, MetricTable factorTable, Clock clock) {
        List<Port> ports = new ArrayList<>();
        for (Listener listener : listeners) {
            Hj212ReadingMapper mapper = new Hj212ReadingMapper(listener.options(), factorTable);
            ports.add(new Port(listener.tcp(), () -> session(new Hj212Session(listener.options(), mapper, clock))));
        }
        this.ports = List.copyOf(ports);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Port> ports() {
        return ports;
    }

    @Override
    public Duration tickInterval() {
        return TICK;
    }

    private static StreamSession session(Hj212Session session) {
        return new StreamSession() {
            @Override
            public List<?> receive(byte[] chunk) {
                return frames(session.receive(chunk));
            }

            @Override
            public List<?> tick() {
                return frames(session.tick());
            }

            @Override
            public List<?> close() {
                return frames(session.close());
            }
        };
    }

    private static List<TcpFrame> frames(List<Hj212Session.Outcome> outcomes) {
        List<TcpFrame> frames = new ArrayList<>(outcomes.size());
        for (Hj212Session.Outcome o : outcomes) {
            if (o instanceof Hj212Session.Accepted a) {
                frames.add(new TcpFrame.Readings(a.raw(), new String(a.raw(), StandardCharsets.US_ASCII), a.readings(),
                        a.skipped(), a.reply(), Optional::empty));
            } else if (o instanceof Hj212Session.Refused r) {
                frames.add(new TcpFrame.Refused(r.refusal().raw(), r.refusal().reason(), Optional.empty()));
            } else {
                frames.add(new TcpFrame.Answered(o.reply()));
            }
        }
        return frames;
    }
}
