package org.citysafe.routes.hj212;

import java.util.Optional;

/**
 * The platform's answers to a station. HJ 212-2017 asks for a data response (CN=9014, ST=91) to every upload whose
 * Flag has bit A set: the request's QN, PW and MN echoed, Flag with the request's version bits and neither A nor D,
 * and an empty CP. For example, a request {@code QN=20160801085000001;...;MN=010000A8900016F000169DC0;Flag=7} gets
 * {@code ##0087QN=20160801085000001;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&C241}.
 * Interaction packets (CN=9xxx) are never answered, so two sides cannot answer each other forever. Thread-safe.
 */
public final class Hj212Replies {

    public static final String SYSTEM_INTERACTION = "91";
    public static final String DATA_RESPONSE = "9014";

    private final Hj212PacketCodec codec;

    public Hj212Replies(Hj212Options options) {
        this.codec = new Hj212PacketCodec(options);
    }

    /** The data response when {@code received} asks for one. */
    public Optional<byte[]> replyTo(Hj212Packet received) {
        if (!received.ackRequested() || received.cn().startsWith("9")) return Optional.empty();
        return Optional.of(dataResponse(received));
    }

    public byte[] dataResponse(Hj212Packet received) {
        Integer flag = received.flag() == null ? null : received.flag() & ~(Hj212Packet.FLAG_ACK | Hj212Packet.FLAG_SPLIT);
        return codec.encode(new Hj212Packet(received.qn(), SYSTEM_INTERACTION, DATA_RESPONSE, received.pw(),
                received.mn(), flag, null, null, Hj212Cp.empty()));
    }
}
