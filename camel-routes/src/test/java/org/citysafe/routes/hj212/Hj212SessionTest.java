package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.Frames;
import org.citysafe.rules.Reading;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class Hj212SessionTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-07-01T03:00:00Z"));
    private final Hj212Options options = Hj212Options.standard();
    private final Hj212Session session = new Hj212Session(options, new Hj212ReadingMapper(options), new Clock() {
        @Override
        public ZoneId getZone() {
            return options.zone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    });

    @Test
    void acceptsMapsAndAnswersAPacketThatAsksForIt() {
        List<Hj212Session.Outcome> outcomes = session.receive(Frames.hj212("public-air-realtime-flag7"));

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(Hj212Session.Accepted.class, accepted -> {
            assertThat(accepted.readings()).hasSize(2);
            assertThat(accepted.reply()).hasValueSatisfying(reply ->
                    assertThat(reply).isEqualTo(Frames.hj212("public-data-response-c241")));
        });
    }

    @Test
    void holdsTheFirstPartAndDeliversTheJoinedPacketWithTheLast() {
        List<byte[]> parts = Frames.hj212All("constructed-split-hour");

        List<Hj212Session.Outcome> first = session.receive(parts.get(0));
        List<Hj212Session.Outcome> second = session.receive(parts.get(1));

        assertThat(first).singleElement().isInstanceOfSatisfying(Hj212Session.Pending.class,
                pending -> assertThat(pending.reply()).isPresent());
        assertThat(second).singleElement().isInstanceOfSatisfying(Hj212Session.Accepted.class, accepted -> {
            assertThat(accepted.readings()).extracting(Reading::metric).containsExactly("drainage.level", "gas.concentration");
            assertThat(accepted.readings()).extracting(Reading::ts).containsOnly(Instant.parse("2024-07-01T02:00:00Z"));
            assertThat(accepted.reply()).isPresent();
        });
    }

    @Test
    void refusesTheEarlierCopyOfAPartSentTwiceSoNoByteIsLost() {
        List<byte[]> parts = Frames.hj212All("constructed-split-hour");
        session.receive(parts.get(0));

        List<Hj212Session.Outcome> again = session.receive(parts.get(0));

        assertThat(again).hasSize(2);
        assertThat(again.get(0)).isInstanceOfSatisfying(Hj212Session.Refused.class, refused -> {
            assertThat(refused.refusal().raw()).isEqualTo(parts.get(0));
            assertThat(refused.refusal().reason()).isEqualTo("part 1 of 2 of split packet QN=20240701110000000 "
                    + "CN=2061 from CS0000SHAOXING00WELL0007 received again; this earlier copy was replaced");
        });
        assertThat(again.get(1)).isInstanceOf(Hj212Session.Pending.class);
        assertThat(session.receive(parts.get(1))).singleElement().isInstanceOf(Hj212Session.Accepted.class);
    }

    @Test
    void deliversALonelyPartWhenItsSiblingNeverComes() {
        byte[] second = Frames.hj212All("constructed-split-hour").get(1);
        session.receive(second);

        assertThat(session.tick()).isEmpty();
        now.set(now.get().plus(Duration.ofSeconds(61)));
        List<Hj212Session.Outcome> released = session.tick();

        assertThat(released).singleElement().isInstanceOfSatisfying(Hj212Session.Accepted.class, accepted -> {
            assertThat(accepted.readings()).singleElement().satisfies(r -> {
                assertThat(r.metric()).isEqualTo("gas.concentration");
                assertThat(r.flags()).contains("TIME_ESTIMATED"); // part 2 has no DataTime: QN time used
                assertThat(r.ts()).isEqualTo(Instant.parse("2024-07-01T03:00:00Z"));
            });
            assertThat(accepted.reply()).isEmpty();
        });
    }

    @Test
    void refusesACorruptedPacketWithoutAnswering() {
        byte[] bad = Frames.hj212("standard-example-cn1062");
        bad[20] = 'X';

        assertThat(session.receive(bad)).singleElement().isInstanceOfSatisfying(Hj212Session.Refused.class, refused -> {
            assertThat(refused.refusal().reason()).startsWith("CRC16 expected ");
            assertThat(refused.refusal().raw()).isEqualTo(bad);
            assertThat(refused.reply()).isEmpty();
        });
    }

    @Test
    void flushesEverythingAtClose() {
        session.receive(Frames.hj212All("constructed-split-hour").get(0));
        session.receive(Arrays.copyOf(Frames.hj212("standard-example-cn1062"), 40));

        List<Hj212Session.Outcome> outcomes = session.close();

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0)).isInstanceOf(Hj212Session.Refused.class);
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(Hj212Session.Accepted.class,
                accepted -> assertThat(accepted.readings()).extracting(Reading::metric).containsExactly("drainage.level"));
    }
}
