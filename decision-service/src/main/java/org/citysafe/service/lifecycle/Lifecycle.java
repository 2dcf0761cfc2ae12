package org.citysafe.service.lifecycle;

import org.citysafe.service.web.ConflictException;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The life of a versioned document that changes how the service decides (a district policy, a rule package): written
 * as a DRAFT, VALIDATED, for some kinds PREVIEWED against history and APPROVED, then PUBLISHED for good. A published
 * version never changes; a rollback publishes a copy of an earlier published version as a new one, so the history
 * only grows. Each kind says which steps it has and from which stages each may be taken; the checks and their
 * answers (409, with what to do instead) are written once, here.
 */
public final class Lifecycle {

    public enum Stage {
        DRAFT, VALIDATED, PREVIEWED, APPROVED, PUBLISHED
    }

    public enum Step {
        EDIT, VALIDATE, PREVIEW, APPROVE, PUBLISH
    }

    /**
     * District policy: draft → validate → preview → approve → publish; an edit sends a version back to DRAFT.
     */
    public static final Lifecycle DISTRICT_POLICY = new Lifecycle(Map.of(
            Step.EDIT, EnumSet.of(Stage.DRAFT, Stage.VALIDATED, Stage.PREVIEWED, Stage.APPROVED),
            Step.VALIDATE, EnumSet.allOf(Stage.class),
            Step.PREVIEW, EnumSet.of(Stage.VALIDATED, Stage.PREVIEWED, Stage.APPROVED, Stage.PUBLISHED),
            Step.APPROVE, EnumSet.of(Stage.PREVIEWED),
            Step.PUBLISH, EnumSet.of(Stage.APPROVED)));

    /**
     * Rule package: draft → validate → publish; tests run at publish (and on request), so publishing compiles and
     * tests the version whatever its stage, and a version that fails either is not published.
     */
    public static final Lifecycle RULE_PACKAGE = new Lifecycle(Map.of(
            Step.EDIT, EnumSet.of(Stage.DRAFT, Stage.VALIDATED),
            Step.VALIDATE, EnumSet.allOf(Stage.class),
            Step.PUBLISH, EnumSet.of(Stage.DRAFT, Stage.VALIDATED)));

    private final Map<Step, Set<Stage>> from;

    private Lifecycle(Map<Step, Set<Stage>> from) {
        this.from = new EnumMap<>(from);
    }

    /** Whether a version at {@code stage} may take the step. */
    public boolean allows(Step step, Stage stage) {
        return from.getOrDefault(step, Set.of()).contains(stage);
    }

    /**
     * Refuses (409) a step the version's stage does not allow, saying what to do instead.
     *
     * @param what the version in words, e.g. {@code version 3 of yangzhou/guangling}
     */
    public void require(Step step, Stage stage, String what) {
        if (allows(step, stage)) return;
        if (stage == Stage.PUBLISHED && step == Step.EDIT) {
            throw new ConflictException(what + " is published and cannot change: start a new draft from it");
        }
        if (stage == Stage.PUBLISHED && step == Step.PUBLISH) {
            throw new ConflictException(what + " was published already; to put it in force again, roll back to it");
        }
        if (!from.containsKey(step)) {
            throw new ConflictException(what + ": this kind of document has no " + verb(step) + " step");
        }
        throw new ConflictException(what + " is " + stage + ": " + before(step) + " first (" + path() + ")");
    }

    /** The stage after a successful validation: a draft becomes VALIDATED, any other stage stays. */
    public Stage validated(Stage stage) {
        return stage == Stage.DRAFT ? Stage.VALIDATED : stage;
    }

    /** Only a published version can be rolled back to, and not the one in force. */
    public void requireRollbackTarget(Stage stage, boolean inForce, String what) {
        if (stage != Stage.PUBLISHED) {
            throw new ConflictException("only a published version can be rolled back to; " + what + " is " + stage);
        }
        if (inForce) throw new ConflictException(what + " is in force already");
    }

    /** The steps of this kind, in order: e.g. {@code draft → validate → preview → approve → publish}. */
    public String path() {
        List<String> steps = new ArrayList<>();
        steps.add("draft");
        for (Step s : Step.values()) if (s != Step.EDIT && from.containsKey(s)) steps.add(verb(s));
        return String.join(" → ", steps);
    }

    /** What must come before a step, in words. */
    private String before(Step step) {
        Stage wanted = from.get(step).stream().filter(s -> s != Stage.DRAFT).min(Enum::compareTo).orElse(Stage.DRAFT);
        return switch (wanted) {
            case VALIDATED -> "validate it";
            case PREVIEWED -> "preview it";
            case APPROVED -> "approve it";
            default -> "draft it";
        };
    }

    private static String verb(Step step) {
        return step.name().toLowerCase(Locale.ROOT);
    }
}
