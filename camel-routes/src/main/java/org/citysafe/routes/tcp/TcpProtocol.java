package org.citysafe.routes.tcp;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * A wire protocol spoken over TCP (GB/T 26875.3, HJ 212-2017): its name, the ports it listens on, and per connection
 * a session turning bytes into {@link TcpFrame}s. Everything else, acknowledging only after the readings are stored,
 * dead letters, the peer's name, is {@link TcpReadingsRoute}'s, once for every protocol.
 */
public interface TcpProtocol {

    /** The route name decisions and dead letters carry ({@code gb26875}, {@code hj212}). */
    String name();

    /** The listening ports, each with the sessions of its connections. */
    List<Port> ports();

    /** How often an open connection's session is ticked (split packets whose parts never all came); null: never. */
    default Duration tickInterval() {
        return null;
    }

    /**
     * One listening port and a fresh session per accepted connection; the session's outcomes are {@link TcpFrame}s.
     */
    record Port(TcpListener tcp, Supplier<StreamSession> sessions) {
    }
}
