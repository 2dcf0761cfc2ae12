package org.citysafe.routes.gb26875;

import java.time.LocalDateTime;
import java.util.Optional;

/**
 * The centre's answer to a received frame (GB/T 26875.3-2011, 6.2-6.4): confirm (command 3) when the frame passed
 * its checks, deny (command 6) when it did not, so the sender retransmits. The answer has the received serial number
 * and protocol version, the source and destination swapped, our send time and no app data. Thread-safe.
 */
public final class Gb26875Acknowledgements {

    private final Gb26875FrameCodec codec;

    public Gb26875Acknowledgements(Gb26875Options options) {
        this.codec = new Gb26875FrameCodec(options);
    }

    /** Command 3 for {@code received}, stamped {@code now} (the centre's local time in the device's zone). */
    public byte[] confirm(Gb26875Frame received, LocalDateTime now) {
        return answer(received.serialNo(), received.versionMajor(), received.versionMinor(), received.source(),
                received.destination(), Gb26875Command.CONFIRM, now);
    }

    /** Command 6 for {@code received}. */
    public byte[] deny(Gb26875Frame received, LocalDateTime now) {
        return answer(received.serialNo(), received.versionMajor(), received.versionMinor(), received.source(),
                received.destination(), Gb26875Command.DENY, now);
    }

    /**
     * Command 6 for bytes that were refused, when enough of a header is there to know whom to answer (a start mark
     * and the 27 header bytes; the checksum need not be right). Garbage gets no answer.
     */
    public Optional<byte[]> denyRefused(byte[] refused, LocalDateTime now) {
        if (refused.length < Gb26875FrameCodec.HEADER_LENGTH || refused[0] != Gb26875FrameCodec.START
                || refused[1] != Gb26875FrameCodec.START) {
            return Optional.empty();
        }
        return Optional.of(answer(Gb26875FrameCodec.u16(refused, 2), refused[4] & 0xFF, refused[5] & 0xFF,
                Gb26875FrameCodec.u48(refused, 12), Gb26875FrameCodec.u48(refused, 18), Gb26875Command.DENY, now));
    }

    private byte[] answer(int serialNo, int major, int minor, long receivedSource, long receivedDestination,
                          Gb26875Command command, LocalDateTime now) {
        return codec.encode(new Gb26875Frame(serialNo, major, minor, Gb26875Time.of(now), receivedDestination,
                receivedSource, command.code(), new byte[0]));
    }
}
