package org.citysafe.service.ingest;

import org.citysafe.routes.gb26875.Gb26875Options;
import org.citysafe.routes.gb26875.Gb26875Protocol;
import org.citysafe.routes.hj212.Hj212Options;
import org.citysafe.routes.hj212.Hj212Protocol;
import org.citysafe.routes.tcp.TcpListener;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The TCP protocols ({@code citysafe.protocols.*} in application.yml): listening ports, each with its vendor variant,
 * and the site's own code-to-metric tables laid over the bundled ones. No listener, no port opened.
 */
@ConfigurationProperties("citysafe.protocols")
public record ProtocolProperties(Gb26875 gb26875, Hj212 hj212) {

    public ProtocolProperties {
        gb26875 = gb26875 == null ? new Gb26875(List.of(), "") : gb26875;
        hj212 = hj212 == null ? new Hj212(List.of(), "") : hj212;
    }

    /** @param analogueTable path of a TSV (code, metric, unit, scale, ...) whose rows add to or replace ours */
    public record Gb26875(List<Gb26875Listener> listeners, String analogueTable) {
        public Gb26875 {
            listeners = listeners == null ? List.of() : List.copyOf(listeners);
        }
    }

    /**
     * One GB/T 26875.3 port. Unset options are the standard's, except {@code testModeBit}, which defaults to
     * {@code IGNORED}: widely copied vendor frames send real fire alarms with running-state bit 0 clear, and reading
     * them as tests would hide fires (docs/PROTOCOLS.md).
     */
    public record Gb26875Listener(String name, String host, int port, Gb26875Options.TimestampEncoding timestampEncoding,
                                  Gb26875Options.ChecksumRange checksumRange,
                                  Gb26875Options.ChecksumAlgorithm checksumAlgorithm, Integer maxAppDataLength,
                                  ZoneId zone, Gb26875Options.TestModeBit testModeBit) {
        public Gb26875Protocol.Listener toRoute() {
            Gb26875Options o = Gb26875Options.standard().withTestModeBit(Gb26875Options.TestModeBit.IGNORED);
            if (timestampEncoding != null) o = o.withTimestampEncoding(timestampEncoding);
            if (checksumRange != null) o = o.withChecksumRange(checksumRange);
            if (checksumAlgorithm != null) o = o.withChecksumAlgorithm(checksumAlgorithm);
            if (maxAppDataLength != null) o = o.withMaxAppDataLength(maxAppDataLength);
            if (zone != null) o = o.withZone(zone);
            if (testModeBit != null) o = o.withTestModeBit(testModeBit);
            return new Gb26875Protocol.Listener(new TcpListener(name, host, port), o);
        }
    }

    /** @param factorTable path of a TSV (factor code, metric, unit, scale, ...) whose rows add to or replace ours */
    public record Hj212(List<Hj212Listener> listeners, String factorTable) {
        public Hj212 {
            listeners = listeners == null ? List.of() : List.copyOf(listeners);
        }
    }

    /** One HJ 212 port; unset options are {@link Hj212Options#standard()}'s. */
    public record Hj212Listener(String name, String host, int port, ZoneId zone, Integer maxDataLength,
                                Duration splitPacketTimeout, Integer maxPendingSplitPackets) {
        public Hj212Protocol.Listener toRoute() {
            Hj212Options o = Hj212Options.standard();
            if (zone != null) o = o.withZone(zone);
            if (maxDataLength != null) o = o.withMaxDataLength(maxDataLength);
            if (splitPacketTimeout != null) o = o.withSplitPacketTimeout(splitPacketTimeout);
            if (maxPendingSplitPackets != null) o = o.withMaxPendingSplitPackets(maxPendingSplitPackets);
            return new Hj212Protocol.Listener(new TcpListener(name, host, port), o);
        }
    }
}
