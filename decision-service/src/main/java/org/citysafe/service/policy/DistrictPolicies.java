package org.citysafe.service.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.service.escalation.EscalationChain;
import org.citysafe.service.lifecycle.Lifecycle;
import org.citysafe.service.lifecycle.Lifecycle.Stage;
import org.citysafe.service.lifecycle.Lifecycle.Step;
import org.citysafe.service.web.BadRequestException;
import org.citysafe.service.web.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What regulators do with a scope's policy: write a draft, validate it, preview it against history, approve it,
 * publish it (now or from a future time), roll back, compare any two versions; each step in the audit trail with
 * who, when and why. Published versions never change; a rollback publishes a copy as a new version.
 */
@Service
public class DistrictPolicies {

    private static final Lifecycle LIFECYCLE = Lifecycle.DISTRICT_POLICY;

    private final PolicyStore store;
    private final PolicyValidator validator;
    private final PolicyService policies;
    private final PolicyPreview preview;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;

    public DistrictPolicies(PolicyStore store, PolicyValidator validator, PolicyService policies, PolicyPreview preview,
                            TransactionTemplate tx, ObjectMapper json, Clock clock) {
        this.store = store;
        this.validator = validator;
        this.policies = policies;
        this.preview = preview;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    public record Validation(boolean valid, Stage status, List<String> errors) {
    }

    /** One difference between two versions: a threshold ({@code thresholds.scenario/metric/level}), a parameter... */
    public record Change(String field, Object from, Object to) {
    }

    public record Diff(long from, long to, String fromLabel, String toLabel, List<Change> changes) {
    }

    public PolicyVersion get(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("no policy version " + id));
    }

    public List<PolicyVersion> all() {
        return store.all();
    }

    /** A new draft for a scope: the given document, or a copy of {@code basedOn} (by default the version in force). */
    public PolicyVersion createDraft(String scope, JsonNode document, Integer basedOn, String comment, String actor) {
        return tx.execute(s -> {
            requireKnownScope(scope);
            store.lock(scope);
            Integer base = basedOn;
            JsonNode content = document;
            if (content == null || content.isNull()) {
                PolicyVersion from = base != null ? store.find(scope, base).orElseThrow(() -> new NotFoundException(
                        "policy of " + scope + " has no version " + basedOn)) : live(scope);
                content = from == null ? json.createObjectNode() : from.document();
                base = from == null ? null : from.version();
            }
            PolicyDocument typed = requireValid(scope, content);
            long id = store.insert(scope, normalised(typed), actor, comment, base);
            PolicyVersion v = get(id);
            store.audit(actor, "DRAFTED", scope, v.version(), comment, base == null ? null : Map.of("basedOn", base));
            return v;
        });
    }

    public PolicyVersion updateDraft(long id, JsonNode document, String comment, String actor) {
        return tx.execute(s -> {
            PolicyVersion v = get(id);
            store.lock(v.scope());
            requireNotPublished(v);
            PolicyDocument typed = requireValid(v.scope(), document);
            store.updateDraft(id, normalised(typed), comment);
            store.audit(actor, "UPDATED", v.scope(), v.version(), comment, null);
            return get(id);
        });
    }

    /** Validates a stored version against what is in force now; a valid draft becomes VALIDATED. */
    public Validation validate(long id, String actor) {
        return tx.execute(s -> {
            PolicyVersion v = get(id);
            PolicyValidator.Result r = validator.validate(v.scope(), v.document(), policies.current());
            Stage status = r.valid() ? LIFECYCLE.validated(v.status()) : v.status();
            if (status != v.status()) store.setStatus(id, status);
            store.audit(actor, r.valid() ? "VALIDATED" : "VALIDATION_FAILED", v.scope(), v.version(), null,
                    Map.of("errors", r.errors()));
            return new Validation(r.valid(), status, r.errors());
        });
    }

    /**
     * Replays the scope's readings of the last {@code days} days (or the given readings, a scenario set, when not
     * null) through the policy in force and the version.
     */
    public PolicyPreview.Report preview(long id, int days, List<ParsedReading> readings, String actor) {
        if (readings == null && (days < 1 || days > 90)) {
            throw new BadRequestException("preview is not valid", List.of("days: preview 1 to 90 days of history"));
        }
        PolicyVersion v = get(id);
        LIFECYCLE.require(Step.PREVIEW, v.status(), label(v));
        PolicySnapshot current = policies.current();
        PolicyDocument typed = requireValid(v.scope(), v.document());
        PolicySnapshot draft = current.withDraft(v.scope(), v.version(), typed);
        PolicyPreview.Report report = readings == null ? preview.run(v.scope(), days, current, draft)
                : preview.run(v.scope(), readings, current, draft);
        tx.executeWithoutResult(s -> {
            if (v.status() == Stage.VALIDATED || v.status() == Stage.PREVIEWED) {
                store.setPreview(id, summary(report));
            }
            store.audit(actor, "PREVIEWED", v.scope(), v.version(), null, summary(report));
        });
        return report;
    }

    public PolicyVersion approve(long id, String comment, String actor) {
        return tx.execute(s -> {
            PolicyVersion v = get(id);
            store.lock(v.scope());
            LIFECYCLE.require(Step.APPROVE, v.status(), label(v));
            store.approve(id, actor);
            store.audit(actor, "APPROVED", v.scope(), v.version(), comment, null);
            return get(id);
        });
    }

    /**
     * Publishes an approved version, in force at once or from {@code effectiveAt}. It is checked again against what
     * is in force now (a scope above may have changed since); a refusal changes nothing.
     */
    public PolicyVersion publish(long id, String comment, Instant effectiveAt, String actor) {
        requireReason(comment);
        if (effectiveAt != null && effectiveAt.isBefore(clock.instant().minusSeconds(60))) {
            throw new BadRequestException("publish is not valid", List.of("effectiveAt: " + effectiveAt
                    + " has passed; leave it out to publish now"));
        }
        PolicyVersion published = tx.execute(s -> {
            PolicyVersion v = get(id);
            store.lock(v.scope());
            LIFECYCLE.require(Step.PUBLISH, v.status(), label(v));
            requireValid(v.scope(), v.document());
            store.publish(id, actor, comment, effectiveAt);
            store.audit(actor, effectiveAt == null ? "PUBLISHED" : "SCHEDULED", v.scope(), v.version(), comment,
                    effectiveAt == null ? null : Map.of("effectiveAt", effectiveAt.toString()));
            return get(id);
        });
        policies.refresh();
        return published;
    }

    /** Puts an earlier published version in force again, as a new version (the history only grows). */
    public PolicyVersion rollback(String scope, int toVersion, String comment, String actor) {
        requireReason(comment);
        PolicyVersion done = tx.execute(s -> {
            store.lock(scope);
            PolicyVersion target = store.find(scope, toVersion).orElseThrow(() -> new NotFoundException(
                    "policy of " + scope + " has no version " + toVersion));
            LIFECYCLE.requireRollbackTarget(target.status(), target.live(), label(target));
            requireValid(scope, target.document());
            String why = "rollback to version " + toVersion + ": " + comment;
            long id = store.insert(scope, target.document(), actor, why, toVersion);
            store.publish(id, actor, why, null);
            PolicyVersion v = get(id);
            store.audit(actor, "ROLLED_BACK", scope, v.version(), why, Map.of("to", toVersion));
            return v;
        });
        policies.refresh();
        return done;
    }

    /** What changed from one version to another (of the same or of different scopes). */
    public Diff diff(long fromId, long toId) {
        PolicyVersion a = get(fromId);
        PolicyVersion b = get(toId);
        Map<String, Object> x = flatten(a.document());
        Map<String, Object> y = flatten(b.document());
        List<Change> changes = new ArrayList<>();
        TreeSet<String> fields = new TreeSet<>(x.keySet());
        fields.addAll(y.keySet());
        for (String field : fields) {
            if (!Objects.equals(x.get(field), y.get(field))) changes.add(new Change(field, x.get(field), y.get(field)));
        }
        return new Diff(fromId, toId, a.scope() + "@v" + a.version(), b.scope() + "@v" + b.version(), changes);
    }

    public List<PolicyAuditEntry> audit(String scope, int limit) {
        return store.audit(scope, Math.min(Math.max(limit, 1), 1000));
    }

    /** Field errors of a document for a scope against what is in force, without storing anything. */
    public PolicyValidator.Result check(String scope, JsonNode document) {
        return validator.validate(scope, document, policies.current());
    }

    private Map<String, Object> flatten(JsonNode document) {
        PolicyDocument d = validator.validate("x", document, PolicySnapshot.defaultsOnly(policies.defaults())).document();
        Map<String, Object> out = new LinkedHashMap<>();
        for (PolicyDocument.ThresholdOverride t : d.thresholds()) {
            String k = "thresholds." + t.scenario() + "/" + t.metric() + "/" + t.direction() + "/" + t.level();
            out.put(k + ".value", t.value());
            if (t.clearValue() != null) out.put(k + ".clearValue", t.clearValue());
        }
        d.parameters().forEach((k, v) -> out.put("parameters." + k, v));
        d.settings().forEach((k, v) -> out.put("parameters." + k, v));
        d.escalationChains().forEach(c -> out.put("escalationChains." + c.name(),
                json.convertValue(new EscalationChain(c.name(), c.level(), c.scenario(),
                        null, c.selfConfirming(), c.steps(), c.repeat()), JsonNode.class).toString()));
        return out;
    }

    private PolicyVersion live(String scope) {
        return store.versions(scope).stream().filter(PolicyVersion::live).findFirst().orElse(null);
    }

    private PolicyDocument requireValid(String scope, JsonNode document) {
        PolicyValidator.Result r = validator.validate(scope, document, policies.current());
        if (!r.valid()) throw new BadRequestException("the policy for " + scope + " is not valid; nothing was changed",
                r.errors());
        return r.document();
    }

    /** The document as stored: typed values only, in a stable shape (so diffs compare like with like). */
    private JsonNode normalised(PolicyDocument d) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("thresholds", d.thresholds().stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", t.scenario());
            m.put("metric", t.metric());
            m.put("level", t.level());
            m.put("direction", t.direction());
            m.put("value", t.value());
            if (t.clearValue() != null) m.put("clearValue", t.clearValue());
            return m;
        }).toList());
        Map<String, Object> parameters = new TreeMap<>();
        parameters.putAll(d.parameters());
        parameters.putAll(d.settings());
        doc.put("parameters", parameters);
        doc.put("escalationChains", d.escalationChains().stream().map(c -> new EscalationChain(
                c.name(), c.level(), c.scenario(), null, c.selfConfirming(), c.steps(), c.repeat())).toList());
        return json.valueToTree(doc);
    }

    private void requireKnownScope(String scope) {
        PolicyValidator.Result r = validator.validate(scope, json.createObjectNode(), policies.current());
        if (!r.valid()) throw new BadRequestException("the policy scope is not valid", r.errors());
        if (!store.districtExists(scope)) {
            throw new BadRequestException("the policy scope is not valid", List.of("scope: unknown district '" + scope
                    + "': no device is registered in it (GET /api/v1/districts lists the known ones)"));
        }
    }

    private static void requireNotPublished(PolicyVersion v) {
        LIFECYCLE.require(Step.EDIT, v.status(), label(v));
    }

    private static String label(PolicyVersion v) {
        return "version " + v.version() + " of " + v.scope();
    }

    private static void requireReason(String comment) {
        if (comment == null || comment.isBlank()) {
            throw new BadRequestException("say why: a publish or rollback needs a comment for the audit trail");
        }
    }

    private static Map<String, Object> summary(PolicyPreview.Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", r.source());
        m.put("days", r.days());
        m.put("readings", r.readings());
        m.put("changed", r.changed());
        m.put("byLevel", r.byLevel());
        return m;
    }
}
