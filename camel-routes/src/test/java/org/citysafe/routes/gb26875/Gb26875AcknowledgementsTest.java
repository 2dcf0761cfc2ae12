package org.citysafe.routes.gb26875;

import org.citysafe.routes.codec.Frames;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class Gb26875AcknowledgementsTest {

    private final Gb26875Options options = Gb26875Options.standard();
    private final Gb26875FrameCodec frames = new Gb26875FrameCodec(options);
    private final Gb26875Acknowledgements acknowledgements = new Gb26875Acknowledgements(options);
    private final LocalDateTime sent = LocalDateTime.of(2012, 9, 26, 9, 58, 35);

    @Test
    void confirmsThePublicExampleExactlyAsTheExampleCentreDoes() throws Exception {
        Gb26875Frame fire = frames.decode(Frames.gb26875("public-example-1-component-fire"));

        assertThat(acknowledgements.confirm(fire, sent)).isEqualTo(Frames.gb26875("public-example-1-confirm"));
    }

    @Test
    void deniesThePublicExampleExactlyAsTheExampleCentreDoes() throws Exception {
        Gb26875Frame fire = frames.decode(Frames.gb26875("public-example-1-component-fire"));

        assertThat(acknowledgements.deny(fire, sent)).isEqualTo(Frames.gb26875("public-example-1-deny"));
    }

    @Test
    void matchesTheConfirmInTheDomainNotes() throws Exception {
        Gb26875Frame fire = frames.decode(Frames.gb26875("anchors-component-fire"));

        assertThat(acknowledgements.confirm(fire, LocalDateTime.of(2024, 7, 1, 10, 15, 30)))
                .isEqualTo(Frames.gb26875("anchors-confirm"));
    }

    @Test
    void deniesRefusedBytesThatStillHaveAReadableHeader() throws Exception {
        byte[] broken = Frames.gb26875("public-example-1-component-fire");
        broken[75] = 0; // checksum

        assertThat(acknowledgements.denyRefused(broken, sent)).hasValueSatisfying(deny ->
                assertThat(deny).isEqualTo(Frames.gb26875("public-example-1-deny")));
    }

    @Test
    void doesNotAnswerGarbage() {
        assertThat(acknowledgements.denyRefused(new byte[]{1, 2, 3}, sent)).isEmpty();
        assertThat(acknowledgements.denyRefused(new byte[40], sent)).isEmpty();
    }

    @Test
    void writesItsTimeInTheConnectionsEncoding() throws Exception {
        Gb26875Options bcd = options.withTimestampEncoding(Gb26875Options.TimestampEncoding.BCD);
        Gb26875Frame fire = new Gb26875FrameCodec(bcd).decode(Frames.gb26875("constructed-bcd-time"));

        byte[] confirm = new Gb26875Acknowledgements(bcd).confirm(fire, LocalDateTime.of(2024, 7, 1, 10, 15, 59));

        assertThat(confirm).startsWith(0x40, 0x40, 0x01, 0x00, 0x01, 0x00, 0x59, 0x15, 0x10, 0x01, 0x07, 0x24);
        Gb26875Frame decoded = new Gb26875FrameCodec(bcd).decode(confirm);
        assertThat(decoded.command()).isEqualTo(3);
        assertThat(decoded.source()).isEqualTo(fire.destination());
        assertThat(decoded.destination()).isEqualTo(fire.source());
    }
}
