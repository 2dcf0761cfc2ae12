package org.citysafe.routes.codec;

/**
 * The one exception a codec's decode methods throw: the input is not a valid frame, and here is why. Anything else
 * escaping a decoder is a bug (the fuzz tests look for exactly that).
 */
public class FrameRefusedException extends Exception {

    private final transient Refusal refusal;

    public FrameRefusedException(Refusal refusal) {
        super(refusal.reason(), null, false, false);
        this.refusal = refusal;
    }

    public FrameRefusedException(String protocol, byte[] raw, String reason) {
        this(new Refusal(protocol, raw, reason));
    }

    public Refusal refusal() {
        return refusal;
    }
}
