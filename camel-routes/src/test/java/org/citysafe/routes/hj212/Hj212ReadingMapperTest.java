package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.ReadingMapping;
import org.citysafe.routes.codec.Frames;
import org.citysafe.routes.codec.MetricTable;
import org.citysafe.routes.codec.ReadingFlags;
import org.citysafe.rules.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class Hj212ReadingMapperTest {

    private static final Instant RECEIVED = Instant.parse("2030-01-01T00:00:00Z");
    private static final String MN = "CS0000SHAOXING00WELL0007";
    private final Hj212Options options = Hj212Options.standard();
    private final Hj212PacketCodec codec = new Hj212PacketCodec(options);
    private final Hj212ReadingMapper mapper = new Hj212ReadingMapper(options);

    @Test
    void mapsRealTimeValuesWithTheirDataFlags() throws Exception {
        ReadingMapping mapping = map("constructed-drainage-realtime");

        assertThat(mapping.readings()).extracting(Reading::metric)
                .containsExactly("drainage.level", "gas.concentration");
        Reading level = mapping.readings().get(0);
        assertThat(level.deviceId()).isEqualTo(MN + ".xd0101");
        assertThat(level.value()).isEqualTo(1.27);
        assertThat(level.unit()).isEqualTo("m");
        assertThat(level.ts()).isEqualTo(Instant.parse("2024-07-01T02:15:00Z"));
        assertThat(level.messageId()).isEqualTo("hj212:" + MN + ":2011:20240701101530123:xd0101");
        assertThat(level.source()).isEqualTo("hj212");
        assertThat(level.flags()).isEmpty();
        assertThat(mapping.readings().get(1).unit()).isEqualTo("%LEL");
        assertThat(mapping.readings().get(1).flags()).containsExactly(ReadingFlags.MAINTENANCE);
        assertThat(mapping.skipped()).containsExactly("factor a21028 has no metric in the factor table",
                "factor a34004 has no metric in the factor table");
    }

    @Test
    void mapsTheAverageOfMinuteData() throws Exception {
        List<Reading> readings = map("constructed-drainage-minute").readings();

        assertThat(readings).extracting(Reading::metric).containsExactly("drainage.level", "rainfall.intensity");
        assertThat(readings.get(0).value()).isEqualTo(1.25);
        assertThat(readings.get(0).flags()).containsExactly(ReadingFlags.DEVICE_FAULT);
        assertThat(readings.get(1).value()).isEqualTo(2.5);
        assertThat(readings.get(1).unit()).isEqualTo("mm/h");
        assertThat(readings.get(1).flags()).containsExactly(ReadingFlags.OVER_RANGE);
    }

    @ParameterizedTest
    @CsvSource({"N,", "F,STOPPED", "M,MAINTENANCE", "S,MANUAL_VALUE", "D,DEVICE_FAULT", "C,CALIBRATION",
            "T,OVER_RANGE", "B,COMMUNICATION_FAULT", "Q,UNKNOWN_DATA_FLAG"})
    void turnsEveryDataFlagIntoAReadingFlag(String dataFlag, String readingFlag) throws Exception {
        Reading reading = mapper.map(decode("QN=20240101000000000;ST=32;CN=2011;MN=A;CP=&&DataTime=20240101000000;"
                + "xd0101-Rtd=1,xd0101-Flag=" + dataFlag + "&&"), RECEIVED).readings().get(0);

        if (readingFlag == null) assertThat(reading.flags()).isEmpty();
        else assertThat(reading.flags()).containsExactly(readingFlag);
    }

    @Test
    void mapsThePublicWaterSampleAndSaysWhatItSkipped() throws Exception {
        ReadingMapping mapping = map("public-alltobs-water-realtime");

        assertThat(mapping.readings()).singleElement().satisfies(r -> {
            assertThat(r.deviceId()).isEqualTo("ZLDSZ20210127.w01010");
            assertThat(r.metric()).isEqualTo("temperature");
            assertThat(r.value()).isEqualTo(9.7);
            assertThat(r.ts()).isEqualTo(Instant.parse("2021-03-01T03:11:00Z"));
        });
        assertThat(mapping.skipped()).hasSize(10).contains("factor w01001 has no metric in the factor table");
    }

    @Test
    void mapsThePublicAirSample() throws Exception {
        List<Reading> readings = map("public-air-realtime-flag7").readings();

        assertThat(readings).extracting(Reading::metric)
                .containsExactly("temperature", "humidity");
        assertThat(readings.get(1).unit()).isEqualTo("%RH");
    }

    @Test
    void identifiesAPacketWithoutQnByItsDataTime() throws Exception {
        Hj212ReadingMapper site = new Hj212ReadingMapper(options, Hj212ReadingMapper.bundledFactorTable()
                .overriddenBy(new MetricTable(List.of(new MetricTable.Entry("ele01", "power.state", "state", 1, "site", "")))));

        Reading reading = site.map(codec.decode(Frames.hj212("public-alltobs-no-qn")), RECEIVED).readings().get(0);

        assertThat(reading.messageId()).isEqualTo("hj212:NJGDKYYC202101q0001w0001:2011:dt20210305003817000:ele01");
        assertThat(reading.ts()).isEqualTo(Instant.parse("2021-03-04T16:38:17Z"));
        assertThat(reading.metric()).isEqualTo("power.state");
    }

    @Test
    void fallsBackToTheQnTimeAndThenTheReceiveTimeWithoutADataTime() throws Exception {
        Reading fromQn = mapper.map(decode("QN=20240101080000000;ST=32;CN=2011;MN=A;CP=&&xd0101-Rtd=1&&"), RECEIVED)
                .readings().get(0);
        Reading fromReceipt = mapper.map(decode("ST=32;CN=2011;MN=A;CP=&&DataTime=20241399000000;xd0101-Rtd=1&&"),
                RECEIVED).readings().get(0);

        assertThat(fromQn.ts()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(fromQn.flags()).containsExactly(ReadingFlags.TIME_ESTIMATED);
        assertThat(fromReceipt.ts()).isEqualTo(RECEIVED);
        assertThat(fromReceipt.flags()).containsExactly(ReadingFlags.TIME_ESTIMATED);
    }

    @Test
    void prefersAFactorsOwnSampleTime() throws Exception {
        Reading reading = mapper.map(decode("QN=1;ST=32;CN=2011;MN=A;CP=&&DataTime=20240101000000;"
                + "xd0101-Rtd=1,xd0101-SampleTime=20231231235500&&"), RECEIVED).readings().get(0);

        assertThat(reading.ts()).isEqualTo(Instant.parse("2023-12-31T15:55:00Z"));
    }

    @Test
    void readsTimesInTheConfiguredZone() throws Exception {
        Reading reading = new Hj212ReadingMapper(options.withZone(ZoneOffset.UTC))
                .map(codec.decode(Frames.hj212("constructed-drainage-realtime")), RECEIVED).readings().get(0);

        assertThat(reading.ts()).isEqualTo(Instant.parse("2024-07-01T10:15:00Z"));
    }

    @Test
    void skipsValuesThatAreNotNumbersAndKeepsTheRest() throws Exception {
        ReadingMapping mapping = mapper.map(decode("QN=1;ST=32;CN=2011;MN=A;CP=&&DataTime=20240101000000;"
                + "xd0101-Rtd=NaN;xd0201-Rtd=1e999;xg0101-Flag=D;xp0101-Rtd=-0.25;xd0102-Max=3&&"), RECEIVED);

        assertThat(mapping.readings()).singleElement().satisfies(r -> {
            assertThat(r.metric()).isEqualTo("water.pressure");
            assertThat(r.value()).isCloseTo(-0.25, within(1e-12));
        });
        assertThat(mapping.skipped()).containsExactly("factor xd0101: Rtd value 'NaN' is not a number",
                "factor xd0201: Rtd value '1e999' is out of range", "factor xd0102 has no Rtd value");
    }

    @Test
    void mapsOnlyDataUploads() throws Exception {
        assertThat(map("standard-example-cn1062")).isEqualTo(ReadingMapping.empty());
        assertThat(mapper.map(decode("QN=1;ST=32;CN=2021;MN=A;CP=&&DataTime=20240101000000;i12001-Info=1&&"), RECEIVED)
                .skipped()).containsExactly("CN=2021 is not a data upload this mapper maps");
    }

    private ReadingMapping map(String frame) throws Exception {
        return mapper.map(codec.decode(Frames.hj212(frame)), RECEIVED);
    }

    private Hj212Packet decode(String segment) throws Exception {
        return codec.decode(Hj212PacketCodecTest.packet(segment));
    }
}
