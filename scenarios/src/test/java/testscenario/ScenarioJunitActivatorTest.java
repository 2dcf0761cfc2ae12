package testscenario;

import org.drools.scenariosimulation.backend.runner.ScenarioJunitActivator;
import org.junit.runner.RunWith;

/**
 * Runs every {@code .scesim} test scenario on the test classpath against the rule packs (KIE 10.1 has a JUnit 4
 * runner only; junit-vintage runs it). The runner requires this class name. Each scenario row asserts its own
 * expected outcome, level, alarm type, clears and rule id; see scenarios/README.md.
 */
@RunWith(ScenarioJunitActivator.class)
public class ScenarioJunitActivatorTest {
}
