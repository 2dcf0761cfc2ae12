package org.citysafe.routes.codec;

import java.util.Arrays;

/**
 * What a stream framer yields for the bytes it was fed: a complete frame to decode, or bytes it could not frame.
 * In order and concatenated, the results are exactly the bytes fed so far (less what is still buffered).
 */
public sealed interface FramingResult {

    /** The bytes of this result as received. */
    byte[] bytes();

    /** A byte sequence with a good start mark, a length within bounds and a good end mark: ready for the decoder. */
    record Complete(byte[] frame) implements FramingResult {
        public Complete {
            frame = frame.clone();
        }

        @Override
        public byte[] frame() {
            return frame.clone();
        }

        @Override
        public byte[] bytes() {
            return frame.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Complete other && Arrays.equals(frame, other.frame);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(frame);
        }

        @Override
        public String toString() {
            return "Complete[" + frame.length + " bytes: " + Hex.preview(frame, 64) + "]";
        }
    }

    /** Bytes that are not (part of) a usable frame: garbage between frames, a frame without its end mark, ... */
    record Refused(Refusal refusal) implements FramingResult {
        @Override
        public byte[] bytes() {
            return refusal.raw();
        }
    }
}
