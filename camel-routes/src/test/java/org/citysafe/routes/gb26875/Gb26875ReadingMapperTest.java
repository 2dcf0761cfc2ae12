package org.citysafe.routes.gb26875;

import org.citysafe.routes.codec.ReadingMapping;
import org.citysafe.routes.codec.Frames;
import org.citysafe.routes.codec.MetricTable;
import org.citysafe.routes.codec.ReadingFlags;
import org.citysafe.rules.Reading;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class Gb26875ReadingMapperTest {

    private static final Instant RECEIVED = Instant.parse("2030-01-01T00:00:00Z");
    private final Gb26875Options options = Gb26875Options.standard();

    @Test
    void mapsAComponentFireAlarmToTheFourStateMetrics() throws Exception {
        List<Reading> readings = map(options, "anchors-component-fire").readings();

        assertThat(values(readings)).isEqualTo(Map.of("fac.fire", 1.0, "fac.fault", 0.0, "fac.supervisory", 0.0,
                "fac.shielded", 0.0));
        Reading fire = readings.get(0);
        assertThat(fire.deviceId()).isEqualTo("uitd-000000000001.1-1.00000101");
        assertThat(fire.unit()).isEqualTo("state");
        assertThat(fire.ts()).isEqualTo(Instant.parse("2024-07-01T02:15:30Z"));
        assertThat(fire.messageId()).isEqualTo("gb26875:000000000001:1:240701101530:0:fac.fire");
        assertThat(fire.source()).isEqualTo("gb26875");
        assertThat(fire.flags()).isEmpty();
    }

    @Test
    void flagsReadingsTestWhenBitZeroIsClearAsTheStandardSays() throws Exception {
        List<Reading> readings = map(options, "public-example-1-component-fire").readings();

        assertThat(readings).allSatisfy(r -> assertThat(r.flags()).containsExactly(ReadingFlags.TEST));
        assertThat(readings.get(0).deviceId()).isEqualTo("uitd-000000000379.1-1.0002000a");
        assertThat(values(readings).get("fac.fire")).isEqualTo(1.0);
    }

    @Test
    void ignoresBitZeroForDevicesThatLeaveItClear() throws Exception {
        Gb26875Options vendor = options.withTestModeBit(Gb26875Options.TestModeBit.IGNORED);

        assertThat(map(vendor, "public-example-1-component-fire").readings())
                .allSatisfy(r -> assertThat(r.flags()).isEmpty());
    }

    @Test
    void mapsAnalogueValuesThroughTheTable() throws Exception {
        ReadingMapping mapping = map(options, "constructed-analogue-values");

        assertThat(mapping.readings()).hasSize(3);
        Reading pressure = mapping.readings().get(0);
        assertThat(pressure.metric()).isEqualTo("hydrant.pressure");
        assertThat(pressure.unit()).isEqualTo("MPa");
        assertThat(pressure.value()).isCloseTo(0.35, within(1e-9));
        assertThat(pressure.deviceId()).isEqualTo("uitd-000000a1b2c3.11-2.00020005");
        assertThat(mapping.readings().get(1).metric()).isEqualTo("temperature");
        assertThat(mapping.readings().get(1).unit()).isEqualTo("°C");
        assertThat(mapping.readings().get(1).value()).isCloseTo(-12.5, within(1e-9));
        assertThat(mapping.readings().get(2).metric()).isEqualTo("gas.concentration");
        assertThat(mapping.readings().get(2).unit()).isEqualTo("%LEL");
        assertThat(mapping.readings().get(2).value()).isCloseTo(25.5, within(1e-9));
        assertThat(mapping.skipped()).containsExactly("object 3: analogue type 7 has no metric in the analogue table");
    }

    @Test
    void letsASiteTableAddAnalogueTypes() throws Exception {
        MetricTable site = new MetricTable(List.of(new MetricTable.Entry("7", "delay.time", "s", 1, "site", "")));
        Gb26875ReadingMapper mapper = new Gb26875ReadingMapper(options,
                Gb26875ReadingMapper.bundledAnalogueTable().overriddenBy(site));

        ReadingMapping mapping = map(mapper, "constructed-analogue-values");

        assertThat(mapping.skipped()).isEmpty();
        assertThat(mapping.readings().get(3).metric()).isEqualTo("delay.time");
        assertThat(mapping.readings().get(3).value()).isEqualTo(60.0);
    }

    @Test
    void countsPowerFaultsAsFaultsAndReadsShieldedAndSupervisory() throws Exception {
        List<Reading> readings = map(options, "constructed-system-state").readings();

        Map<String, Map<String, Double>> byDevice = readings.stream().collect(Collectors.groupingBy(Reading::deviceId,
                Collectors.toMap(Reading::metric, Reading::value)));
        assertThat(byDevice.get("uitd-000000a1b2c3.1-1")).containsEntry("fac.fire", 1.0).containsEntry("fac.fault", 1.0);
        assertThat(byDevice.get("uitd-000000a1b2c3.18-3")).containsEntry("fac.shielded", 1.0)
                .containsEntry("fac.supervisory", 1.0).containsEntry("fac.fire", 0.0).containsEntry("fac.fault", 0.0);
    }

    @Test
    void mapsTheTransmissionDevicesOwnState() throws Exception {
        List<Reading> readings = map(options.withTestModeBit(Gb26875Options.TestModeBit.IGNORED),
                "public-example-2-uitd-mains-fault").readings();

        assertThat(readings).extracting(Reading::deviceId).containsOnly("uitd-000000000379");
        assertThat(values(readings)).isEqualTo(Map.of("fac.fire", 0.0, "fac.fault", 1.0));
        assertThat(readings.get(0).ts()).isEqualTo(Instant.parse("2012-09-26T01:58:02Z"));
    }

    @Test
    void flagsATransmissionDeviceInTestMode() throws Exception {
        assertThat(map(options, "constructed-uitd-test-mode").readings())
                .allSatisfy(r -> assertThat(r.flags()).contains(ReadingFlags.TEST));
    }

    @Test
    void givesNoReadingsForOperationsVersionsAndClocks() throws Exception {
        for (String frame : List.of("public-example-3-uitd-duty-check-answer", "public-example-4-uitd-version",
                "public-example-5-uitd-time")) {
            assertThat(map(options, frame)).as(frame).isEqualTo(ReadingMapping.empty());
        }
    }

    @Test
    void saysWhenAUnitTypeIsNotDecoded() {
        Gb26875Frame frame = frame(2, new byte[]{(byte) 200, 1, 9, 9});
        Gb26875DataUnit unit = new Gb26875DataUnit(200, 1, List.of(new Gb26875InfoObject.Opaque(new byte[]{9, 9})));

        assertThat(new Gb26875ReadingMapper(options).map(frame, unit, RECEIVED).skipped())
                .containsExactly("data unit type 200 (user-defined) is not decoded; its 2 bytes were not mapped");
    }

    @Test
    void mapsOnlyFramesThatCarryData() {
        Gb26875DataUnit unit = Gb26875DataUnit.of(21, List.of(new Gb26875InfoObject.UitdState(3, time(2024))));
        Gb26875ReadingMapper mapper = new Gb26875ReadingMapper(options);

        assertThat(mapper.map(frame(Gb26875Command.RESPONSE.code(), new byte[0]), unit, RECEIVED).readings()).hasSize(2);
        assertThat(mapper.map(frame(Gb26875Command.CONTROL.code(), new byte[0]), unit, RECEIVED).readings()).isEmpty();
    }

    @Test
    void readsTimesInTheConfiguredZone() throws Exception {
        List<Reading> readings = map(options.withZone(ZoneOffset.UTC), "anchors-component-fire").readings();

        assertThat(readings.get(0).ts()).isEqualTo(Instant.parse("2024-07-01T10:15:30Z"));
    }

    @Test
    void fallsBackToTheFrameTimeAndThenTheReceiveTimeWhenAnObjectsClockIsImpossible() {
        Gb26875Time impossible = new Gb26875Time(0, 0, 0, 0, 0, 0);
        Gb26875DataUnit unit = Gb26875DataUnit.of(21, List.of(new Gb26875InfoObject.UitdState(1, impossible)));
        Gb26875ReadingMapper mapper = new Gb26875ReadingMapper(options);

        Reading fromFrame = mapper.map(frame(2, new byte[0]), unit, RECEIVED).readings().get(0);
        Gb26875Frame frameWithoutClock = new Gb26875Frame(5, 1, 0, impossible, 1, 0, 2, new byte[0]);
        Reading fromReceipt = mapper.map(frameWithoutClock, unit, RECEIVED).readings().get(0);

        assertThat(fromFrame.ts()).isEqualTo(LocalDateTime.of(2024, 1, 1, 8, 0).atZone(options.zone()).toInstant());
        assertThat(fromFrame.flags()).containsExactly(ReadingFlags.TIME_ESTIMATED);
        assertThat(fromReceipt.ts()).isEqualTo(RECEIVED);
    }

    @Test
    void givesARetransmissionTheSameMessageIdsAndEachObjectAndMetricItsOwn() throws Exception {
        List<Reading> first = map(options, "constructed-system-state").readings();
        List<Reading> again = map(options, "constructed-system-state").readings();

        assertThat(again).extracting(Reading::messageId).isEqualTo(first.stream().map(Reading::messageId).toList());
        assertThat(first).extracting(Reading::messageId).doesNotHaveDuplicates();
        assertThat(first.get(4).messageId()).isEqualTo("gb26875:000000a1b2c3:259:240701101530:1:fac.fire");
    }

    private static Map<String, Double> values(List<Reading> readings) {
        return readings.stream().collect(Collectors.toMap(Reading::metric, Reading::value));
    }

    private ReadingMapping map(Gb26875Options options, String name) throws Exception {
        return map(new Gb26875ReadingMapper(options), name);
    }

    private ReadingMapping map(Gb26875ReadingMapper mapper, String name) throws Exception {
        Gb26875Frame frame = new Gb26875FrameCodec(options).decode(Frames.gb26875(name));
        Gb26875DataUnit unit = new Gb26875DataUnitCodec(options).decode(frame.appData()).orElseThrow();
        return mapper.map(frame, unit, RECEIVED);
    }

    private static Gb26875Frame frame(int command, byte[] appData) {
        return new Gb26875Frame(5, 1, 0, time(2024), 1, 0, command, appData);
    }

    private static Gb26875Time time(int year) {
        return Gb26875Time.of(LocalDateTime.of(year, 1, 1, 8, 0));
    }
}
