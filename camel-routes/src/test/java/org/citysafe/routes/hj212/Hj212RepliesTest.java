package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.Frames;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Hj212RepliesTest {

    private final Hj212Options options = Hj212Options.standard();
    private final Hj212PacketCodec codec = new Hj212PacketCodec(options);
    private final Hj212Replies replies = new Hj212Replies(options);

    @Test
    void answersExactlyAsThePublicSampleExpects() throws Exception {
        Hj212Packet request = codec.decode(Frames.hj212("public-air-realtime-flag7"));

        assertThat(replies.replyTo(request)).hasValueSatisfying(reply ->
                assertThat(reply).isEqualTo(Frames.hj212("public-data-response-c241")));
    }

    @Test
    void echoesQnPasswordAndStationAndClearsTheAckAndSplitBits() throws Exception {
        Hj212Packet request = codec.decode(Frames.hj212("standard-example-cn1062"));

        Hj212Packet response = codec.decode(replies.dataResponse(request));

        assertThat(response).isEqualTo(new Hj212Packet("20160801085857223", "91", "9014", "100000",
                "010000A8900016F000169DC0", 4, null, null, Hj212Cp.empty()));
        assertThat(new String(replies.dataResponse(request), StandardCharsets.US_ASCII))
                .endsWith(";Flag=4;CP=&&&&" + Hj212Crc.format(Hj212Crc.crc16(
                        Hj212PacketCodec.dataSegment(response).getBytes(StandardCharsets.US_ASCII))) + "\r\n");
    }

    @Test
    void staysSilentWhenNoAnswerIsAskedFor() throws Exception {
        assertThat(replies.replyTo(codec.decode(Frames.hj212("public-alltobs-water-realtime")))).isEmpty(); // Flag=8
        assertThat(replies.replyTo(codec.decode(Frames.hj212("public-alltobs-no-qn")))).isEmpty(); // no Flag
    }

    @Test
    void neverAnswersAnInteractionPacket() throws Exception {
        Hj212Packet response = codec.decode(Frames.hj212("public-data-response-c241"));
        Hj212Packet askingAnyway = new Hj212Packet(response.qn(), "91", "9014", "1", "A", 5, null, null, Hj212Cp.empty());

        assertThat(replies.replyTo(askingAnyway)).isEmpty();
    }
}
