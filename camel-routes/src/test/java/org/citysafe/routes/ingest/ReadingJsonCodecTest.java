package org.citysafe.routes.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.rules.catalog.MetricCatalog;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReadingJsonCodecTest {

    final ReadingJsonCodec codec = new ReadingJsonCodec(new ObjectMapper(), MetricCatalog.bundled(),
            Clock.fixed(Instant.parse("2026-11-22T02:20:00Z"), ZoneOffset.UTC), Duration.ofMinutes(5), 3);

    List<ParsedReading> decode(String json) {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8), "test", null);
    }

    static String reading(String fields) {
        return "{\"deviceId\":\"gas-1\",\"metric\":\"gas.concentration\",\"ts\":\"2026-11-22T10:15:30+08:00\"," + fields + "}";
    }

    @Test
    void aValidReadingIsConvertedToTheCanonicalUnit() {
        var parsed = decode(reading("\"value\":1.2,\"unit\":\"%VOL\",\"messageId\":\"m-1\""));
        assertThat(parsed).singleElement().isInstanceOf(ParsedReading.Accepted.class);
        var r = ((ParsedReading.Accepted) parsed.get(0)).reading();
        assertThat(r.value()).isCloseTo(24.0, within(1e-9));
        assertThat(r.unit()).isEqualTo("%LEL");
        assertThat(r.ts()).isEqualTo(Instant.parse("2026-11-22T02:15:30Z"));
        assertThat(r.messageId()).isEqualTo("m-1");
        assertThat(r.source()).isEqualTo("test");
    }

    @Test
    void eachBadElementIsRefusedWithItsOwnReasonAndTheOthersStillPass() {
        var parsed = decode("{\"readings\":[" + reading("\"value\":\"high\",\"unit\":\"%LEL\"") + ","
                + reading("\"value\":3,\"unit\":\"MPa\"") + "," + reading("\"value\":3,\"unit\":\"%LEL\"") + "]}");
        assertThat(parsed).hasSize(3);
        assertThat(((ParsedReading.Refused) parsed.get(0)).reason()).isEqualTo("value \"high\" is not a number");
        assertThat(((ParsedReading.Refused) parsed.get(1)).reason()).startsWith("unit 'MPa' is wrong for gas.concentration");
        assertThat(parsed.get(2)).isInstanceOf(ParsedReading.Accepted.class);
    }

    @Test
    void onlyAJsonNumberIsAValue() {
        assertThat(reason(reading("\"value\":true,\"unit\":\"%LEL\"")))
                .isEqualTo("value true is a boolean, not a number; a state is sent as 1 or 0");
        assertThat(reason(reading("\"value\":false,\"unit\":\"%LEL\""))).startsWith("value false is a boolean");
        assertThat(reason(reading("\"value\":\"60\",\"unit\":\"%LEL\"")))
                .isEqualTo("value \"60\" is a string, not a number; send the number without quotes");
        assertThat(reason(reading("\"value\":[1],\"unit\":\"%LEL\""))).isEqualTo("value [1] is not a number");
    }

    @Test
    void missingFieldsUnknownMetricsAndBadTimestampsAreRefused() {
        assertThat(reason("{\"metric\":\"gas.concentration\",\"value\":1,\"unit\":\"%LEL\",\"ts\":\"2026-11-22T10:15:30+08:00\"}"))
                .isEqualTo("deviceId is missing");
        assertThat(reason("{\"deviceId\":\"d\",\"metric\":\"gas.colour\",\"value\":1}")).isEqualTo("unknown metric 'gas.colour'");
        assertThat(reason("{\"deviceId\":\"d\",\"metric\":\"gas.concentration\",\"value\":1,\"unit\":\"%LEL\"}"))
                .isEqualTo("timestamp 'ts' is missing");
        assertThat(reason("{\"deviceId\":\"d\",\"metric\":\"gas.concentration\",\"value\":1,\"unit\":\"%LEL\",\"ts\":\"yesterday\"}"))
                .startsWith("timestamp 'yesterday' is not ISO-8601");
        assertThat(reason("{\"deviceId\":\"d\",\"metric\":\"gas.concentration\",\"value\":1,\"unit\":\"%LEL\",\"ts\":\"2026-11-22T10:15:30\"}"))
                .startsWith("timestamp '2026-11-22T10:15:30' is not ISO-8601 with an offset");
        assertThat(reason("{\"deviceId\":\"d\",\"metric\":\"gas.concentration\",\"value\":1}"))
                .startsWith("unit is missing for gas.concentration");
    }

    @Test
    void aTimestampTooFarInTheFutureIsRefusedButSmallSkewIsTolerated() {
        assertThat(reason(reading("\"value\":1,\"unit\":\"%LEL\"").replace("10:15:30", "10:26:00")))
                .contains("is more than 300 s in the future");
        assertThat(decode(reading("\"value\":1,\"unit\":\"%LEL\"").replace("10:15:30", "10:24:00")))
                .singleElement().isInstanceOf(ParsedReading.Accepted.class);
    }

    @Test
    void malformedOrOversizedBodiesAreRefusedWhole() {
        assertThatThrownBy(() -> decode("{\"readings\":[")).isInstanceOf(MalformedBodyException.class)
                .hasMessageStartingWith("body is not valid JSON");
        assertThatThrownBy(() -> decode("42")).isInstanceOf(MalformedBodyException.class);
        String four = String.join(",", List.of(reading("\"value\":1,\"unit\":\"%LEL\""),
                reading("\"value\":1,\"unit\":\"%LEL\""), reading("\"value\":1,\"unit\":\"%LEL\""),
                reading("\"value\":1,\"unit\":\"%LEL\"")));
        assertThatThrownBy(() -> decode("[" + four + "]")).isInstanceOf(MalformedBodyException.class)
                .hasMessage("batch of 4 readings exceeds the limit of 3; split it");
    }

    @Test
    void aMissingMessageIdIsDerivedFromTheContentSoRetransmissionsMatch() {
        var a = (ParsedReading.Accepted) decode(reading("\"value\":3,\"unit\":\"%LEL\"")).get(0);
        var b = (ParsedReading.Accepted) decode(reading("\"value\":3,\"unit\":\"%LEL\"")).get(0);
        var c = (ParsedReading.Accepted) decode(reading("\"value\":4,\"unit\":\"%LEL\"")).get(0);
        assertThat(a.reading().messageId()).startsWith("auto-").isEqualTo(b.reading().messageId())
                .isNotEqualTo(c.reading().messageId());
    }

    @Test
    void aDeviceTopicFillsInTheDeviceIdAndRefusesAMismatch() {
        byte[] body = "{\"metric\":\"gas.concentration\",\"value\":1,\"unit\":\"%LEL\",\"ts\":\"2026-11-22T10:15:30+08:00\"}"
                .getBytes(StandardCharsets.UTF_8);
        var ok = (ParsedReading.Accepted) codec.decode(body, "mqtt", "gas-9").get(0);
        assertThat(ok.reading().deviceId()).isEqualTo("gas-9");
        var mismatch = codec.decode(reading("\"value\":1,\"unit\":\"%LEL\"").getBytes(StandardCharsets.UTF_8), "mqtt", "gas-9");
        assertThat(((ParsedReading.Refused) mismatch.get(0)).reason())
                .isEqualTo("deviceId 'gas-1' does not match the device 'gas-9' it was sent for");
    }

    String reason(String element) {
        var parsed = decode(element);
        assertThat(parsed).singleElement().isInstanceOf(ParsedReading.Refused.class);
        return ((ParsedReading.Refused) parsed.get(0)).reason();
    }
}
