package org.citysafe.routes.tcp;

import org.citysafe.rules.Reading;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one frame on a TCP connection came to, whatever its protocol: the common language between a protocol's
 * session and {@link TcpReadingsRoute}.
 */
public sealed interface TcpFrame {

    /** What to write back to the peer at once, if anything (a confirmation, a data response, a deny). */
    Optional<byte[]> reply();

    /**
     * A frame that passed its checks: its readings (maybe none: a heartbeat), the raw bytes and their text for dead
     * letters, what could not be mapped and why, the reply once decided, and the reply when deciding failed (a deny,
     * so that the device sends the frame again; empty: no answer, the peer retries after its timeout).
     */
    record Readings(byte[] raw, String rawText, List<Reading> readings, List<String> skipped, Optional<byte[]> reply,
                    Supplier<Optional<byte[]>> whenDecisionFails) implements TcpFrame {
        public Readings {
            raw = raw.clone();
            readings = List.copyOf(readings);
            skipped = List.copyOf(skipped);
        }

        @Override
        public byte[] raw() {
            return raw.clone();
        }
    }

    /** Bytes that are no frame, or a frame that failed its checks: kept as a dead letter with the reason. */
    record Refused(byte[] raw, String reason, Optional<byte[]> reply) implements TcpFrame {
        public Refused {
            raw = raw.clone();
        }

        @Override
        public byte[] raw() {
            return raw.clone();
        }
    }

    /** A frame with nothing to decide (a part of a split packet held until its siblings arrive). */
    record Answered(Optional<byte[]> reply) implements TcpFrame {
    }
}
