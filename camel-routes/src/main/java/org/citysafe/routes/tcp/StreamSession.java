package org.citysafe.routes.tcp;

import java.util.List;

/**
 * One TCP connection's protocol state, as the Netty pipeline drives it: bytes in as the socket delivered them,
 * outcomes (frames accepted or refused, with their replies) out, in order. Called on the connection's own thread
 * only, so implementations need not be thread-safe.
 */
public interface StreamSession {

    List<?> receive(byte[] chunk);

    /** Called every tick interval while the connection is open (e.g. split packets whose parts never all came). */
    default List<?> tick() {
        return List.of();
    }

    /** The peer closed the connection: what was left half-received. */
    List<?> close();
}
