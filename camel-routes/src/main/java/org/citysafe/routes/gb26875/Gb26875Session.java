package org.citysafe.routes.gb26875;

import org.citysafe.routes.codec.ReadingMapping;
import org.citysafe.routes.codec.FrameRefusedException;
import org.citysafe.routes.codec.FramingResult;
import org.citysafe.routes.codec.Refusal;
import org.citysafe.rules.Reading;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one GB/T 26875.3 TCP connection needs, in one object for the route to hold per channel: bytes in;
 * readings, the reply to write back, and refusals for the dead-letter store out. Not thread-safe (one connection's
 * bytes arrive in order on one thread).
 *
 * <p>Replies: a valid "send data" frame (command 2) is confirmed (command 3) after its data unit decoded; a frame
 * that fails its checks but has a readable header is denied (command 6) so that the device retransmits, as the
 * standard asks; garbage gets no reply. Responses (5) are mapped but not answered; confirms and denies from the
 * device are passed through.
 */
public final class Gb26875Session {

    /** What became of one frame or one stretch of refused bytes. */
    public sealed interface Outcome {
        /** The reply to write back to the device, if any. */
        Optional<byte[]> reply();
    }

    /**
     * A frame that passed every check. {@code unit} is empty when the frame has no app data (heartbeat, confirm).
     * {@code skipped} says in words which objects could have been readings but were not mapped.
     */
    public record Accepted(byte[] raw, Gb26875Frame frame, Optional<Gb26875DataUnit> unit, List<Reading> readings,
                           List<String> skipped, Optional<byte[]> reply) implements Outcome {
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

    /** Bytes for the dead-letter store, with the reason, and the deny reply when one is due. */
    public record Refused(Refusal refusal, Optional<byte[]> reply) implements Outcome {
    }

    private final Gb26875Options options;
    private final Gb26875StreamFramer framer;
    private final Gb26875FrameCodec frames;
    private final Gb26875DataUnitCodec units;
    private final Gb26875Acknowledgements acknowledgements;
    private final Gb26875ReadingMapper mapper;
    private final Clock clock;

    public Gb26875Session(Gb26875Options options, Gb26875ReadingMapper mapper, Clock clock) {
        this.options = Objects.requireNonNull(options);
        this.mapper = Objects.requireNonNull(mapper);
        this.clock = Objects.requireNonNull(clock);
        this.framer = new Gb26875StreamFramer(options);
        this.frames = new Gb26875FrameCodec(options);
        this.units = new Gb26875DataUnitCodec(options);
        this.acknowledgements = new Gb26875Acknowledgements(options);
    }

    /** A session with the standard options' zone clock and the bundled analogue table. */
    public static Gb26875Session of(Gb26875Options options) {
        return new Gb26875Session(options, new Gb26875ReadingMapper(options), Clock.system(options.zone()));
    }

    /** Feeds bytes as the socket delivered them. */
    public List<Outcome> receive(byte[] chunk) {
        return handle(framer.feed(chunk));
    }

    /** The connection closed: refuses whatever was left half-received. */
    public List<Outcome> close() {
        return handle(framer.close());
    }

    private List<Outcome> handle(List<FramingResult> framed) {
        List<Outcome> outcomes = new ArrayList<>(framed.size());
        for (FramingResult result : framed) {
            if (result instanceof FramingResult.Complete complete) {
                outcomes.add(decode(complete.frame()));
            } else {
                Refusal refusal = ((FramingResult.Refused) result).refusal();
                outcomes.add(new Refused(refusal, acknowledgements.denyRefused(refusal.raw(), now())));
            }
        }
        return outcomes;
    }

    private Outcome decode(byte[] raw) {
        Gb26875Frame frame;
        try {
            frame = frames.decode(raw);
        } catch (FrameRefusedException e) {
            return new Refused(e.refusal(), acknowledgements.denyRefused(raw, now()));
        }
        Optional<Gb26875DataUnit> unit;
        try {
            unit = units.decode(frame.appData());
        } catch (FrameRefusedException e) {
            return new Refused(e.refusal().withRaw(raw).prefixed("app data: "),
                    Optional.of(acknowledgements.deny(frame, now())));
        }
        ReadingMapping mapping = unit
                .map(u -> mapper.map(frame, u, clock.instant()))
                .orElse(ReadingMapping.empty());
        Optional<byte[]> reply = frame.is(Gb26875Command.SEND_DATA)
                ? Optional.of(acknowledgements.confirm(frame, now())) : Optional.empty();
        return new Accepted(raw, frame, unit, mapping.readings(), mapping.skipped(), reply);
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), options.zone());
    }

    @Override
    public String toString() {
        return "Gb26875Session[buffered=" + framer.bufferedBytes() + ", options=" + options + "]";
    }
}
