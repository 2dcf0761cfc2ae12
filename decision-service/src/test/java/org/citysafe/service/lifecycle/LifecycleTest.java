package org.citysafe.service.lifecycle;

import org.citysafe.service.lifecycle.Lifecycle.Stage;
import org.citysafe.service.lifecycle.Lifecycle.Step;
import org.citysafe.service.web.ConflictException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one lifecycle of district policies and rule packages, cell by cell: kind × step × stage. */
class LifecycleTest {

    /** Per kind and step, the stages a version may take it from (D V P A X: draft validated previewed approved published). */
    private static final Map<String, Map<Step, String>> ALLOWED = Map.of(
            "DISTRICT_POLICY", Map.of(Step.EDIT, "DVPA", Step.VALIDATE, "DVPAX", Step.PREVIEW, "VPAX",
                    Step.APPROVE, "P", Step.PUBLISH, "A"),
            "RULE_PACKAGE", Map.of(Step.EDIT, "DV", Step.VALIDATE, "DVPAX", Step.PREVIEW, "",
                    Step.APPROVE, "", Step.PUBLISH, "DV"));

    private static Lifecycle kind(String name) {
        return name.equals("DISTRICT_POLICY") ? Lifecycle.DISTRICT_POLICY : Lifecycle.RULE_PACKAGE;
    }

    private static char letter(Stage s) {
        return s == Stage.PUBLISHED ? 'X' : s.name().charAt(0);
    }

    @TestFactory
    Stream<DynamicTest> everyStepFromEveryStageIsAllowedOrRefusedWithWhatToDo() {
        List<DynamicTest> tests = new ArrayList<>();
        ALLOWED.forEach((kind, steps) -> steps.forEach((step, allowed) -> {
            for (Stage stage : Stage.values()) {
                boolean expected = allowed.indexOf(letter(stage)) >= 0;
                tests.add(DynamicTest.dynamicTest(kind + " " + step + " from " + stage + (expected ? ": allowed" : ": 409"), () -> {
                    Lifecycle l = kind(kind);
                    assertThat(l.allows(step, stage)).isEqualTo(expected);
                    if (expected) {
                        assertThatCode(() -> l.require(step, stage, "version 2 of x")).doesNotThrowAnyException();
                    } else {
                        assertThatThrownBy(() -> l.require(step, stage, "version 2 of x"))
                                .isInstanceOf(ConflictException.class)
                                .hasMessageStartingWith("version 2 of x")
                                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf(stage.name(), "published",
                                        "no " + step.name().toLowerCase()));
                    }
                }));
            }
        }));
        return tests.stream();
    }

    @Test
    void theAnswersSayWhatToDoInstead() {
        assertThatThrownBy(() -> Lifecycle.DISTRICT_POLICY.require(Step.PUBLISH, Stage.DRAFT, "version 1 of a"))
                .hasMessage("version 1 of a is DRAFT: approve it first (draft → validate → preview → approve → publish)");
        assertThatThrownBy(() -> Lifecycle.DISTRICT_POLICY.require(Step.APPROVE, Stage.VALIDATED, "version 1 of a"))
                .hasMessageContaining("is VALIDATED: preview it first");
        assertThatThrownBy(() -> Lifecycle.RULE_PACKAGE.require(Step.EDIT, Stage.PUBLISHED, "version 4 of 'gas'"))
                .hasMessage("version 4 of 'gas' is published and cannot change: start a new draft from it");
        assertThatThrownBy(() -> Lifecycle.RULE_PACKAGE.require(Step.PUBLISH, Stage.PUBLISHED, "version 4 of 'gas'"))
                .hasMessageContaining("was published already; to put it in force again, roll back to it");
        assertThat(Lifecycle.RULE_PACKAGE.path()).isEqualTo("draft → validate → publish");
    }

    @Test
    void validationMovesOnlyADraftAndRollbackNeedsAPublishedVersionNotInForce() {
        for (Lifecycle l : List.of(Lifecycle.DISTRICT_POLICY, Lifecycle.RULE_PACKAGE)) {
            assertThat(l.validated(Stage.DRAFT)).isEqualTo(Stage.VALIDATED);
            for (Stage s : Stage.values()) if (s != Stage.DRAFT) assertThat(l.validated(s)).isEqualTo(s);
            assertThatThrownBy(() -> l.requireRollbackTarget(Stage.APPROVED, false, "version 2"))
                    .hasMessageContaining("only a published version");
            assertThatThrownBy(() -> l.requireRollbackTarget(Stage.PUBLISHED, true, "version 2"))
                    .hasMessageContaining("in force already");
            assertThatCode(() -> l.requireRollbackTarget(Stage.PUBLISHED, false, "version 2")).doesNotThrowAnyException();
        }
    }
}
