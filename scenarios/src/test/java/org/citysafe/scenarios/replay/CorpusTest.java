package org.citysafe.scenarios.replay;

import org.citysafe.rules.engine.BundledRules;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.policy.Policy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The labelled corpus format: events, readings assigned to them, silences, and how both deciders are tallied. */
class CorpusTest {

    static RuleSet rules;

    @BeforeAll
    static void compile() {
        rules = BundledRules.compile();
    }

    @Test
    void readingsAreTalliedOnTheirEventOursAgainstNaive() throws IOException {
        String corpus = """
                # a kitchen whiff (held back by confirmation) interleaved with a leak next door (pushed)
                {"device": {"deviceId": "k1", "deviceType": "restaurant-gas-detector", "siteId": "r1", "tags": ["kitchen"]}}
                {"device": {"deviceId": "k2", "deviceType": "restaurant-gas-detector", "siteId": "r2"}}
                {"deviceId": "k1", "metric": "gas.concentration", "value": 9, "ts": "2026-11-16T11:59:00+08:00"}
                {"event": {"id": "whiff", "label": "nuisance", "onset": "2026-11-16T12:00:00+08:00"}}
                {"event": {"id": "leak", "label": "hazard", "onset": "2026-11-16T12:00:00+08:00"}}
                {"deviceId": "k1", "metric": "gas.concentration", "value": 0.5, "ts": "2026-11-16T12:00:00+08:00", "event": "whiff"}
                {"deviceId": "k2", "metric": "gas.concentration", "value": 6, "ts": "2026-11-16T12:00:00+08:00"}
                {"deviceId": "k1", "metric": "gas.concentration", "value": 8, "ts": "2026-11-16T12:00:10+08:00", "event": "whiff"}
                {"deviceId": "k2", "metric": "gas.concentration", "value": 7, "ts": "2026-11-16T12:00:20+08:00"}
                {"deviceId": "k1", "metric": "gas.concentration", "value": 0.5, "ts": "2026-11-16T12:00:20+08:00", "event": "whiff"}
                {"deviceId": "k2", "metric": "gas.concentration", "value": 8, "ts": "2026-11-16T12:00:40+08:00"}
                {"silence": {"id": "s1", "scopeType": "DEVICE", "scope": "k2", "alarmTypes": [], "maxLevel": "ORANGE", "startsAt": "2026-11-16T12:01:00+08:00", "endsAt": "2026-11-16T13:00:00+08:00"}}
                {"deviceId": "k2", "metric": "gas.concentration", "value": 8, "ts": "2026-11-16T12:01:00+08:00"}
                {"deviceId": "k2", "metric": "gas.concentration", "value": 8, "ts": "2026-11-16T12:01:10+08:00", "flags": ["CALIBRATION"]}
                """;
        List<Corpus.Event> events = Corpus.run("inline", corpus, rules, Policy.defaults());
        assertThat(events).extracting(e -> e.id).containsExactly("whiff", "leak");
        Corpus.Event whiff = events.get(0);
        assertThat(whiff.readings).as("the reading before the first event line is context").isEqualTo(3);
        assertThat(whiff.alarms).isZero();
        assertThat(whiff.naiveAlarms).isEqualTo(1);
        Corpus.Event leak = events.get(1);
        assertThat(leak.readings).isEqualTo(5);
        assertThat(leak.alarms).as("BLUE once it has lasted 30 s, re-examined on time at 12:00:30 with no new reading, "
                + "and again at 12:00:40; then silenced, then flagged").isEqualTo(2);
        assertThat(leak.secondsToAlarm()).isEqualTo(30);
        assertThat(leak.naiveAlarms).as("the baseline knows no silences and no flags").isEqualTo(5);
        assertThat(leak.naiveSecondsToAlarm()).isZero();
    }

    @Test
    void aReadingWithoutTimestampOrForAnUndeclaredEventIsRefusedWithItsLine() {
        String noTs = """
                {"device": {"deviceId": "k1", "deviceType": "restaurant-gas-detector"}}
                {"event": {"id": "e", "label": "fault", "onset": "2026-11-16T12:00:00+08:00"}}
                {"deviceId": "k1", "metric": "gas.concentration", "value": 1}
                """;
        assertThatThrownBy(() -> Corpus.run("inline", noTs, rules, Policy.defaults()))
                .hasMessageContaining("inline:3").hasMessageContaining("explicit ts");
        String undeclared = """
                {"device": {"deviceId": "k1", "deviceType": "restaurant-gas-detector"}}
                {"deviceId": "k1", "metric": "gas.concentration", "value": 1, "ts": "2026-11-16T12:00:00+08:00", "event": "x"}
                """;
        assertThatThrownBy(() -> Corpus.run("inline", undeclared, rules, Policy.defaults()))
                .hasMessageContaining("inline:2").hasMessageContaining("not declared");
    }
}
