package org.citysafe.routes.hj212;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the parts of a split packet (PNUM above 1) back into one packet. Parts belong together when MN, CN, QN and
 * PNUM agree (HJ 212-2017 gives every part the QN of the whole); the joined packet has the first part's header
 * without PNUM/PNO and the parts' CP groups in PNO order, so a DataTime sent only in part 1 applies to all values.
 * A part sent again replaces the earlier copy, which is handed back in {@link Offered#replaced()}.
 *
 * <p>A part whose siblings do not all arrive within {@link Hj212Options#splitPacketTimeout()} is released on its own
 * by {@link #expire}, and so are the parts of the oldest incomplete packet when more than
 * {@link Hj212Options#maxPendingSplitPackets()} are waiting: data is delivered late rather than lost. One instance per
 * connection; not thread-safe.
 */
public final class Hj212SplitPacketAssembler {

    /** A packet with the bytes it came in (for a joined packet, the parts' bytes one after the other). */
    public record Part(Hj212Packet packet, byte[] raw) {
        public Part {
            raw = raw.clone();
        }

        @Override
        public byte[] raw() {
            return raw.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Part other && packet.equals(other.packet) && Arrays.equals(raw, other.raw);
        }

        @Override
        public int hashCode() {
            return 31 * packet.hashCode() + Arrays.hashCode(raw);
        }
    }

    /**
     * What an offer gave back: packets ready to map, whether the offered part is waiting for its siblings, and the
     * earlier copy of a part that was received again (for the dead-letter store: its bytes must not vanish).
     */
    public record Offered(List<Part> ready, boolean held, List<Part> replaced) {
        public Offered {
            ready = List.copyOf(ready);
            replaced = List.copyOf(replaced);
        }
    }

    private record Pending(Instant firstSeen, Map<Integer, Part> parts) {
    }

    private final Hj212Options options;
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    public Hj212SplitPacketAssembler(Hj212Options options) {
        this.options = options;
    }

    public Offered offer(Part part, Instant now) {
        Hj212Packet packet = part.packet();
        if (!packet.isPart()) return new Offered(List.of(part), false, List.of());
        String key = packet.mn() + '\n' + packet.cn() + '\n' + packet.qn() + '\n' + packet.pnum();
        Pending group = pending.computeIfAbsent(key, k -> new Pending(now, new TreeMap<>()));
        Part earlier = group.parts().put(packet.pno(), part);
        List<Part> replaced = earlier == null ? List.of() : List.of(earlier);
        if (group.parts().size() == packet.pnum()) {
            pending.remove(key);
            return new Offered(List.of(join(group.parts())), false, replaced);
        }
        List<Part> released = new ArrayList<>();
        while (pending.size() > options.maxPendingSplitPackets()) {
            Iterator<Pending> oldest = pending.values().iterator();
            released.addAll(oldest.next().parts().values());
            oldest.remove();
        }
        boolean held = pending.containsKey(key);
        return new Offered(released, held, replaced);
    }

    /** Parts whose siblings did not arrive in time, each to be mapped on its own. */
    public List<Part> expire(Instant now) {
        List<Part> released = new ArrayList<>();
        Iterator<Pending> groups = pending.values().iterator();
        while (groups.hasNext()) {
            Pending group = groups.next();
            if (!group.firstSeen().plus(options.splitPacketTimeout()).isAfter(now)) {
                released.addAll(group.parts().values());
                groups.remove();
            }
        }
        return released;
    }

    /** Every waiting part, e.g. when the connection closes. */
    public List<Part> drain() {
        List<Part> released = new ArrayList<>();
        pending.values().forEach(group -> released.addAll(group.parts().values()));
        pending.clear();
        return released;
    }

    public int pendingPackets() {
        return pending.size();
    }

    private static Part join(Map<Integer, Part> parts) {
        List<Part> ordered = new ArrayList<>(parts.values()); // a TreeMap by PNO: already in order
        Hj212Packet first = ordered.get(0).packet();
        Hj212Cp cp = Hj212Cp.empty();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (Part part : ordered) {
            cp = cp.followedBy(part.packet().cp());
            raw.writeBytes(part.raw());
        }
        Integer flag = first.flag() == null ? null : first.flag() & ~Hj212Packet.FLAG_SPLIT;
        Hj212Packet joined = new Hj212Packet(first.qn(), first.st(), first.cn(), first.pw(), first.mn(), flag, null,
                null, cp);
        return new Part(joined, raw.toByteArray());
    }
}
