package org.citysafe.service.escalation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.citysafe.rules.Level;
import org.citysafe.service.alarm.AlarmStatus;
import org.citysafe.service.notify.Channel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EscalationPoliciesTest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    static EscalationChain chain(String name, Level level, String scenario, String district) {
        return new EscalationChain(name, level, scenario, district, false,
                List.of(new EscalationChain.Step(Channel.SMS, "OWNER", null, null, null, false)), null);
    }

    static EscalationPolicies policies(EscalationChain... chains) {
        return new EscalationPolicies(new EscalationProperties(Duration.ofSeconds(1), Map.of(), List.of(chains)), JSON);
    }

    @Test
    void theMostSpecificChainWinsWithTheLevelCountingFirstThenScenarioThenDistrictDepth() {
        EscalationPolicies p = policies(
                chain("city-default", null, null, null),
                chain("city-red", Level.RED, null, null),
                chain("guangling", null, null, "yangzhou/guangling"),
                chain("wenhe", null, null, "yangzhou/guangling/dongguan/wenhe"),
                chain("guangling-gas", null, "gas.restaurant", "yangzhou/guangling"),
                chain("guangling-red", Level.RED, null, "yangzhou/guangling"));
        String wenhe = "yangzhou/guangling/dongguan/wenhe";
        assertThat(p.chainFor("fire.smoke-detector", Level.ORANGE, wenhe).orElseThrow().chain().name()).isEqualTo("wenhe");
        assertThat(p.chainFor("gas.restaurant", Level.ORANGE, wenhe).orElseThrow().chain().name()).isEqualTo("guangling-gas");
        assertThat(p.chainFor("gas.restaurant", Level.RED, wenhe).orElseThrow().chain().name()).isEqualTo("guangling-red");
        assertThat(p.chainFor("gas.restaurant", Level.RED, "yangzhou/hanjiang").orElseThrow().chain().name()).isEqualTo("city-red");
        assertThat(p.chainFor("gas.restaurant", Level.BLUE, "yangzhou/guanglingxi").orElseThrow().chain().name())
                .as("a district matches as a whole path segment").isEqualTo("city-default");
    }

    @Test
    void theVersionChangesWithTheDefinitionOnly() {
        String v1 = policies(chain("c", null, null, null)).all().get(0).version();
        assertThat(policies(chain("c", null, null, null)).all().get(0).version()).isEqualTo(v1);
        assertThat(policies(chain("c", Level.RED, null, null)).all().get(0).version()).isNotEqualTo(v1).hasSize(8);
    }

    @Test
    void chainsThatCannotWorkAreRefusedAtStartWithEveryProblem() {
        EscalationChain wrongRecipient = new EscalationChain("bad", null, null, null, false,
                List.of(new EscalationChain.Step(Channel.DISPATCH_119, "OWNER", Duration.ofSeconds(-1), null, null, false)),
                new EscalationChain.Repeat(10, null, null));
        assertThatThrownBy(() -> policies(wrongRecipient, chain("bad", null, null, null)))
                .hasMessageContaining("DISPATCH_119 cannot reach OWNER")
                .hasMessageContaining("delay is negative")
                .hasMessageContaining("repeat times must be 0 to 9")
                .hasMessageContaining("chain name 'bad' is used twice")
                .hasMessageContaining("same level, scenario and district");
    }

    @Test
    void stepsAreTimedFromTheirTriggerAndRepeatPassesFollowTheInterval() {
        EscalationChain c = new EscalationChain("c", null, null, null, false, List.of(
                new EscalationChain.Step(Channel.SMS, "OWNER", null, null, null, false),
                new EscalationChain.Step(Channel.PHONE_TASK, "DUTY_CENTRE", Duration.ofMinutes(3), null,
                        Set.of(AlarmStatus.ACKNOWLEDGED), false),
                new EscalationChain.Step(Channel.DISPATCH_119, "FIRE_119", Duration.ofSeconds(5),
                        EscalationChain.Trigger.CONFIRMED, null, true),
                new EscalationChain.Step(Channel.SMS, "GRID_OFFICER", Duration.ofMinutes(10), null, null, false)),
                new EscalationChain.Repeat(2, Duration.ofMinutes(10), Set.of(AlarmStatus.VERIFIED)));
        assertThat(c.offset(1)).isEqualTo(Duration.ofMinutes(3));
        assertThat(c.offset(2)).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.offset(3)).isEqualTo(Duration.ofMinutes(13));
        assertThat(c.passLength()).isEqualTo(Duration.ofMinutes(13));
        assertThat(c.passStart(2)).isEqualTo(Duration.ofMinutes(46));
        assertThat(c.stopWhen(1, 0)).containsExactlyInAnyOrder(AlarmStatus.ACKNOWLEDGED, AlarmStatus.RESOLVED,
                AlarmStatus.CLOSED);
        assertThat(c.stopWhen(1, 1)).contains(AlarmStatus.VERIFIED);
        assertThat(c.stopWhen(0, 0)).containsExactlyInAnyOrder(AlarmStatus.RESOLVED, AlarmStatus.CLOSED);
    }
}
