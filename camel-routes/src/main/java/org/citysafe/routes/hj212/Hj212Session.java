package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.ReadingMapping;
import org.citysafe.routes.codec.FrameRefusedException;
import org.citysafe.routes.codec.FramingResult;
import org.citysafe.routes.codec.Refusal;
import org.citysafe.rules.Reading;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one HJ 212 TCP connection needs, in one object for the route to hold per channel: bytes in; readings,
 * the data response to write back and refusals for the dead-letter store out. Call {@link #tick()} now and then
 * (every few seconds) so split packets whose parts never all arrive are still delivered. Not thread-safe.
 *
 * <p>Replies: every packet that passes its checks and asks for it (Flag bit A) gets the data response, including each
 * part of a split packet. A packet that fails its checks gets no reply; the station resends it after its timeout,
 * which is what HJ 212 expects of a lost or corrupted packet.
 */
public final class Hj212Session {

    /** What became of one packet or one stretch of refused bytes. */
    public sealed interface Outcome {
        /** The reply to write back to the station, if any. */
        Optional<byte[]> reply();
    }

    /**
     * A packet that passed every check and was mapped (for a split packet: all its parts, joined; or a part released
     * alone by timeout). {@code skipped} says which factor values were not mapped and why.
     */
    public record Accepted(byte[] raw, Hj212Packet packet, List<Reading> readings, List<String> skipped,
                           Optional<byte[]> reply) implements Outcome {
        public Accepted {
            raw = raw.clone();
            readings = List.copyOf(readings);
            skipped = List.copyOf(skipped);
        }

        @Override
        public byte[] raw() {
            return raw.clone();
        }
    }

    /** A valid part of a split packet, held until its siblings arrive; answered at once all the same. */
    public record Pending(Hj212Packet part, Optional<byte[]> reply) implements Outcome {
    }

    /** Bytes for the dead-letter store, with the reason. */
    public record Refused(Refusal refusal) implements Outcome {
        @Override
        public Optional<byte[]> reply() {
            return Optional.empty();
        }
    }

    private final Hj212StreamFramer framer;
    private final Hj212PacketCodec codec;
    private final Hj212Replies replies;
    private final Hj212SplitPacketAssembler assembler;
    private final Hj212ReadingMapper mapper;
    private final Clock clock;

    public Hj212Session(Hj212Options options, Hj212ReadingMapper mapper, Clock clock) {
        this.mapper = Objects.requireNonNull(mapper);
        this.clock = Objects.requireNonNull(clock);
        this.framer = new Hj212StreamFramer(options);
        this.codec = new Hj212PacketCodec(options);
        this.replies = new Hj212Replies(options);
        this.assembler = new Hj212SplitPacketAssembler(options);
    }

    public static Hj212Session of(Hj212Options options) {
        return new Hj212Session(options, new Hj212ReadingMapper(options), Clock.system(options.zone()));
    }

    public List<Outcome> receive(byte[] chunk) {
        List<Outcome> outcomes = new ArrayList<>();
        for (FramingResult result : framer.feed(chunk)) handle(result, outcomes);
        return outcomes;
    }

    /** Delivers the parts of split packets that waited longer than the timeout. */
    public List<Outcome> tick() {
        List<Outcome> outcomes = new ArrayList<>();
        for (Hj212SplitPacketAssembler.Part part : assembler.expire(clock.instant())) {
            outcomes.add(accepted(part, Optional.empty()));
        }
        return outcomes;
    }

    /** The connection closed: refuses a half-received packet and delivers waiting parts. */
    public List<Outcome> close() {
        List<Outcome> outcomes = new ArrayList<>();
        for (FramingResult result : framer.close()) handle(result, outcomes);
        for (Hj212SplitPacketAssembler.Part part : assembler.drain()) outcomes.add(accepted(part, Optional.empty()));
        return outcomes;
    }

    private void handle(FramingResult result, List<Outcome> outcomes) {
        if (result instanceof FramingResult.Refused refused) {
            outcomes.add(new Refused(refused.refusal()));
            return;
        }
        byte[] raw = result.bytes();
        Hj212Packet packet;
        try {
            packet = codec.decode(raw);
        } catch (FrameRefusedException e) {
            outcomes.add(new Refused(e.refusal()));
            return;
        }
        Optional<byte[]> reply = replies.replyTo(packet);
        Hj212SplitPacketAssembler.Offered offered =
                assembler.offer(new Hj212SplitPacketAssembler.Part(packet, raw), clock.instant());
        for (Hj212SplitPacketAssembler.Part earlier : offered.replaced()) {
            outcomes.add(new Refused(new Refusal(Hj212PacketCodec.PROTOCOL, earlier.raw(), "part " + packet.pno()
                    + " of " + packet.pnum() + " of split packet QN=" + packet.qn() + " CN=" + packet.cn() + " from "
                    + packet.mn() + " received again; this earlier copy was replaced")));
        }
        List<Hj212SplitPacketAssembler.Part> ready = offered.ready();
        for (int i = 0; i < ready.size(); i++) {
            boolean last = i == ready.size() - 1;
            outcomes.add(accepted(ready.get(i), last && !offered.held() ? reply : Optional.empty()));
        }
        if (offered.held()) outcomes.add(new Pending(packet, reply));
    }

    private Accepted accepted(Hj212SplitPacketAssembler.Part part, Optional<byte[]> reply) {
        ReadingMapping mapping = mapper.map(part.packet(), clock.instant());
        return new Accepted(part.raw(), part.packet(), mapping.readings(), mapping.skipped(), reply);
    }

    @Override
    public String toString() {
        return "Hj212Session[buffered=" + framer.bufferedBytes() + ", pending split packets="
                + assembler.pendingPackets() + "]";
    }
}
