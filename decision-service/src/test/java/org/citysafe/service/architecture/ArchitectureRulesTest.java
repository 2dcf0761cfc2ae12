package org.citysafe.service.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The architecture rules catch what they are for, on fixture packages made to break them. */
class ArchitectureRulesTest {

    private static final String FIXTURE = "org.citysafe.archfixture";
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void aCycleBetweenTwoModulesIsReportedWithTheClassesThatMakeIt() {
        EvaluationResult result = ArchitectureRules.noCycleBetweenModules(FIXTURE).evaluate(FIXTURES);
        assertThat(result.hasViolation()).isTrue();
        assertThat(String.join("\n", result.getFailureReport().getDetails()))
                .contains("module alpha").contains("module beta").contains("AlphaService").contains("BetaService");
    }

    @Test
    void aModuleUsingAnothersInternalPackageIsReported() {
        EvaluationResult result = ArchitectureRules.noModuleReachesIntoAnothersInternals(FIXTURE).evaluate(FIXTURES);
        assertThat(result.hasViolation()).isTrue();
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertThat(report).contains("AlphaService").contains("gamma.internal belongs to module gamma");
        assertThat(report).as("the module's own use of its internals is allowed").doesNotContain("GammaApi");
    }
}
