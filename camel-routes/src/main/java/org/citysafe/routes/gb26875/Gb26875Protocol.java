package org.citysafe.routes.gb26875;

import org.citysafe.routes.codec.Hex;
import org.citysafe.routes.codec.MetricTable;
import org.citysafe.routes.tcp.StreamSession;
import org.citysafe.routes.tcp.TcpFrame;
import org.citysafe.routes.tcp.TcpListener;
import org.citysafe.routes.tcp.TcpProtocol;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GB/T 26875.3 user information transmission devices over TCP, each listening port with its vendor variant. Each
 * connection has its own {@link Gb26875Session}. A "send data" frame is confirmed only after its readings are decided
 * and stored; a frame that fails its checks is denied (so the device sends it again); if the decision path fails, the
 * frame is denied too.
 */
public final class Gb26875Protocol implements TcpProtocol {

    public static final String NAME = Gb26875ReadingMapper.SOURCE;

    /** One listening port and how its devices speak. */
    public record Listener(TcpListener tcp, Gb26875Options options) {
    }

    private final List<Port> ports;

    public Gb26875Protocol(List<Listener> listeners, MetricTable analogueTable, Clock clock) {
        List<Port> ports = new ArrayList<>();
        for (Listener listener : listeners) {
            Gb26875ReadingMapper mapper = new Gb26875ReadingMapper(listener.options(), analogueTable);
            Gb26875Acknowledgements acks = new Gb26875Acknowledgements(listener.options());
            ports.add(new Port(listener.tcp(), () -> session(new Gb26875Session(listener.options(), mapper, clock),
                    acks, listener.options(), clock)));
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

    private static StreamSession session(Gb26875Session session, Gb26875Acknowledgements acks,
                                         Gb26875Options options, Clock clock) {
        return new StreamSession() {
            @Override
            public List<?> receive(byte[] chunk) {
                return frames(session.receive(chunk), acks, options, clock);
            }

            @Override
            public List<?> close() {
                return frames(session.close(), acks, options, clock);
            }
        };
    }

    private static List<TcpFrame> frames(List<Gb26875Session.Outcome> outcomes, Gb26875Acknowledgements acks,
                                         Gb26875Options options, Clock clock) {
        List<TcpFrame> frames = new ArrayList<>(outcomes.size());
        for (Gb26875Session.Outcome o : outcomes) {
            if (o instanceof Gb26875Session.Accepted a) {
                frames.add(new TcpFrame.Readings(a.raw(), Hex.spaced(a.raw()), a.readings(), a.skipped(), a.reply(),
                        () -> Optional.of(acks.deny(a.frame(), LocalDateTime.ofInstant(clock.instant(), options.zone())))));
            } else if (o instanceof Gb26875Session.Refused r) {
                frames.add(new TcpFrame.Refused(r.refusal().raw(), r.refusal().reason(), r.reply()));
            }
        }
        return frames;
    }
}
