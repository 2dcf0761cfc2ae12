package org.citysafe.routes.gb26875;

import org.citysafe.routes.codec.Frames;
import org.citysafe.rules.Reading;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Gb26875SessionTest {

    private static final Instant NOW = Instant.parse("2012-09-26T01:58:35Z"); // 09:58:35 in Shanghai
    private final Gb26875Options options = Gb26875Options.standard();
    private final Gb26875Session session = new Gb26875Session(options, new Gb26875ReadingMapper(options),
            Clock.fixed(NOW, options.zone()));

    @Test
    void acceptsAFireAlarmMapsItAndConfirmsIt() {
        List<Gb26875Session.Outcome> outcomes = session.receive(Frames.gb26875("public-example-1-component-fire"));

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(Gb26875Session.Accepted.class, accepted -> {
            assertThat(accepted.readings()).extracting(Reading::metric)
                    .containsExactly("fac.fire", "fac.fault", "fac.supervisory", "fac.shielded");
            assertThat(accepted.unit()).isPresent();
            assertThat(accepted.reply()).hasValueSatisfying(reply ->
                    assertThat(reply).isEqualTo(Frames.gb26875("public-example-1-confirm")));
        });
    }

    @Test
    void deniesAFrameWithABadChecksum() {
        byte[] broken = Frames.gb26875("public-example-1-component-fire");
        broken[75] = 0x11;

        assertThat(session.receive(broken)).singleElement().isInstanceOfSatisfying(Gb26875Session.Refused.class, r -> {
            assertThat(r.refusal().reason()).isEqualTo("checksum expected 0x46 got 0x11 (SUM_MOD_256 over SERIAL_TO_DATA)");
            assertThat(r.refusal().raw()).isEqualTo(broken);
            assertThat(r.reply()).hasValueSatisfying(reply ->
                    assertThat(reply).isEqualTo(Frames.gb26875("public-example-1-deny")));
        });
    }

    @Test
    void deniesAFrameWhoseDataUnitDoesNotParse() {
        Gb26875FrameCodec codec = new Gb26875FrameCodec(options);
        byte[] bad = codec.encode(new Gb26875Frame(1, 1, 1, Gb26875Time.of(LocalDateTime.of(2012, 9, 26, 9, 58, 32)),
                0x379, 0x15B38, 2, new byte[]{21, 1, 8}));

        assertThat(session.receive(bad)).singleElement().isInstanceOfSatisfying(Gb26875Session.Refused.class, r -> {
            assertThat(r.refusal().reason()).isEqualTo("app data: data unit type 21 (UITD state) declares 1 objects "
                    + "of 7 bytes = 7 bytes, but 1 bytes follow");
            assertThat(r.refusal().raw()).isEqualTo(bad);
            assertThat(r.reply()).hasValueSatisfying(reply ->
                    assertThat(reply).isEqualTo(Frames.gb26875("public-example-1-deny")));
        });
    }

    @Test
    void refusesGarbageWithoutAnswering() {
        assertThat(session.receive(new byte[]{1, 2, 3})).singleElement()
                .isInstanceOfSatisfying(Gb26875Session.Refused.class, r -> assertThat(r.reply()).isEmpty());
    }

    @Test
    void confirmsAHeartbeatWithoutData() {
        Gb26875FrameCodec codec = new Gb26875FrameCodec(options);
        byte[] heartbeat = codec.encode(new Gb26875Frame(9, 1, 0, Gb26875Time.of(LocalDateTime.of(2024, 1, 1, 0, 0)),
                0x379, 0x15B38, 2, new byte[0]));

        assertThat(session.receive(heartbeat)).singleElement().isInstanceOfSatisfying(Gb26875Session.Accepted.class, a -> {
            assertThat(a.unit()).isEmpty();
            assertThat(a.readings()).isEmpty();
            assertThat(a.reply()).isPresent();
        });
    }

    @Test
    void mapsAResponseButDoesNotAnswerIt() throws Exception {
        Gb26875FrameCodec codec = new Gb26875FrameCodec(options);
        Gb26875Frame mains = codec.decode(Frames.gb26875("public-example-2-uitd-mains-fault"));
        byte[] response = codec.encode(new Gb26875Frame(mains.serialNo(), 1, 1, mains.time(), mains.source(),
                mains.destination(), Gb26875Command.RESPONSE.code(), mains.appData()));

        assertThat(session.receive(response)).singleElement().isInstanceOfSatisfying(Gb26875Session.Accepted.class, a -> {
            assertThat(a.readings()).hasSize(2);
            assertThat(a.reply()).isEmpty();
        });
    }

    @Test
    void handlesAStreamSplitAnywhere() {
        byte[] fire = Frames.gb26875("public-example-1-component-fire");
        byte[] mains = Frames.gb26875("public-example-2-uitd-mains-fault");
        byte[] stream = Gb26875StreamFramerTest.concat(fire, mains);

        List<Gb26875Session.Outcome> outcomes = new ArrayList<>(session.receive(Arrays.copyOf(stream, 50)));
        outcomes.addAll(session.receive(Arrays.copyOfRange(stream, 50, 100)));
        outcomes.addAll(session.receive(Arrays.copyOfRange(stream, 100, stream.length)));

        assertThat(outcomes).hasSize(2).allSatisfy(o -> assertThat(o).isInstanceOf(Gb26875Session.Accepted.class));
        assertThat(session.close()).isEmpty();
    }

    @Test
    void refusesAHalfReceivedFrameAtClose() {
        session.receive(Arrays.copyOf(Frames.gb26875("public-example-1-component-fire"), 60));

        assertThat(session.close()).singleElement().isInstanceOfSatisfying(Gb26875Session.Refused.class, r -> {
            assertThat(r.refusal().length()).isEqualTo(60);
            assertThat(r.reply()).isPresent();
        });
    }
}
