package org.citysafe.service.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.rules.Device;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;
import org.citysafe.service.escalation.EscalationChain;
import org.citysafe.service.registry.DeviceRegistry;
import org.citysafe.service.registry.DistrictPath;
import org.citysafe.service.security.DistrictScopes;
import org.citysafe.service.web.BadRequestException;
import org.citysafe.service.web.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * District policy for regulators (docs/POLICY.md). Regulators edit within their districts and read there and above;
 * experts and operators read. A regulator on another district's policy is answered 403.
 */
@RestController
@RequestMapping("/api/v1/policies")
public class PolicyController {

    private final DistrictPolicies policies;
    private final PolicyService service;
    private final DistrictScopes scopes;
    private final DeviceRegistry registry;
    private final MetricCatalog metrics;
    private final ReadingJsonCodec codec;
    private final ObjectMapper json;

    public PolicyController(DistrictPolicies policies, PolicyService service, DistrictScopes scopes,
                            DeviceRegistry registry, MetricCatalog metrics, ReadingJsonCodec codec, ObjectMapper json) {
        this.policies = policies;
        this.service = service;
        this.scopes = scopes;
        this.registry = registry;
        this.metrics = metrics;
        this.codec = codec;
        this.json = json;
    }

    public record DraftRequest(String scope, JsonNode document, Integer basedOn, String comment) {
    }

    /** @param readings a scenario set to replay instead of history: {@code {"readings":[...]}} as the decision API takes */
    public record PreviewRequest(Integer days, JsonNode readings) {
    }

    public record PublishRequest(String comment, String effectiveAt) {
    }

    public record RollbackRequest(String scope, Integer version, String comment) {
    }

    public record CommentRequest(String comment) {
    }

    /** @param districts the districts the caller governs (empty: reads everything, edits nothing) */
    public record Listing(List<String> districts, List<PolicyVersion> versions) {
    }

    @GetMapping
    public Listing list(@RequestParam(required = false) String scope, Authentication who) {
        if (scope != null) scopes.requireRead(who, scope);
        List<PolicyVersion> visible = policies.all().stream()
                .filter(v -> scope == null ? scopes.canRead(who, v.scope()) : v.scope().equals(scope)).toList();
        return new Listing(scopes.districtsOf(who), visible);
    }

    @GetMapping("/{id}")
    public PolicyVersion get(@PathVariable long id, Authentication who) {
        PolicyVersion v = policies.get(id);
        scopes.requireRead(who, v.scope());
        return v;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public PolicyVersion draft(@RequestBody DraftRequest r, Authentication who) {
        if (r.scope() == null || r.scope().isBlank()) {
            throw new BadRequestException("the policy scope is not valid", List.of("scope: is missing"));
        }
        String problem = DistrictPath.problem(r.scope());
        if (problem != null) {
            throw new BadRequestException("the policy scope is not valid", List.of("scope: " + problem.replace("districtPath", "scope")));
        }
        scopes.requireEdit(who, r.scope());
        return policies.createDraft(r.scope(), r.document(), r.basedOn(), r.comment(), who.getName());
    }

    @PutMapping("/{id}")
    public PolicyVersion update(@PathVariable long id, @RequestBody DraftRequest r, Authentication who) {
        scopes.requireEdit(who, policies.get(id).scope());
        return policies.updateDraft(id, r.document(), r.comment(), who.getName());
    }

    /** Checks a document for a scope without storing it (the editor calls this as the regulator types). */
    @PostMapping("/check")
    public DistrictPolicies.Validation check(@RequestBody DraftRequest r, Authentication who) {
        if (r.scope() != null && DistrictPath.problem(r.scope()) == null) scopes.requireRead(who, r.scope());
        PolicyValidator.Result result = policies.check(r.scope(), r.document());
        return new DistrictPolicies.Validation(result.valid(), null, result.errors());
    }

    @PostMapping("/{id}/validate")
    public DistrictPolicies.Validation validate(@PathVariable long id, Authentication who) {
        scopes.requireEdit(who, policies.get(id).scope());
        return policies.validate(id, who.getName());
    }

    @PostMapping("/{id}/preview")
    public PolicyPreview.Report preview(@PathVariable long id, @RequestBody(required = false) PreviewRequest r,
                                        Authentication who) {
        scopes.requireEdit(who, policies.get(id).scope());
        List<ParsedReading> given = null;
        if (r != null && r.readings() != null && !r.readings().isNull()) {
            if (!r.readings().isArray()) throw new BadRequestException("preview is not valid", List.of("readings: must be a list"));
            given = codec.decode(json.createObjectNode().set("readings", r.readings()), "policy-preview", null);
        }
        return policies.preview(id, r == null || r.days() == null ? 7 : r.days(), given, who.getName());
    }

    @PostMapping("/{id}/approve")
    public PolicyVersion approve(@PathVariable long id, @RequestBody(required = false) CommentRequest r,
                                 Authentication who) {
        scopes.requireEdit(who, policies.get(id).scope());
        return policies.approve(id, r == null ? null : r.comment(), who.getName());
    }

    @PostMapping("/{id}/publish")
    public PolicyVersion publish(@PathVariable long id, @RequestBody PublishRequest r, Authentication who) {
        scopes.requireEdit(who, policies.get(id).scope());
        Instant effective = null;
        if (r.effectiveAt() != null && !r.effectiveAt().isBlank()) {
            try {
                effective = OffsetDateTime.parse(r.effectiveAt()).toInstant();
            } catch (DateTimeParseException e) {
                throw new BadRequestException("publish is not valid", List.of("effectiveAt: '" + r.effectiveAt()
                        + "' is not ISO-8601 with an offset"));
            }
        }
        return policies.publish(id, r.comment(), effective, who.getName());
    }

    @PostMapping("/rollback")
    public PolicyVersion rollback(@RequestBody RollbackRequest r, Authentication who) {
        List<String> errors = new ArrayList<>();
        if (r.scope() == null) errors.add("scope: is missing");
        if (r.version() == null) errors.add("version: is missing");
        if (!errors.isEmpty()) throw new BadRequestException("rollback is not valid", errors);
        scopes.requireEdit(who, r.scope());
        return policies.rollback(r.scope(), r.version(), r.comment(), who.getName());
    }

    @GetMapping("/diff")
    public DistrictPolicies.Diff diff(@RequestParam long from, @RequestParam long to, Authentication who) {
        scopes.requireRead(who, policies.get(from).scope());
        scopes.requireRead(who, policies.get(to).scope());
        return policies.diff(from, to);
    }

    @GetMapping("/audit")
    public List<PolicyAuditEntry> audit(@RequestParam(required = false) String scope,
                                        @RequestParam(defaultValue = "100") int limit, Authentication who) {
        if (scope != null) scopes.requireRead(who, scope);
        return policies.audit(scope, limit).stream().filter(a -> scopes.canRead(who, a.scope())).toList();
    }

    /** A threshold in force, with where it came from. */
    public record ResolvedThreshold(String scenario, String metric, String level, String direction, double value,
                                    double clearValue, String unit, String source, String scope, Integer version) {
    }

    public record ResolvedParameter(String name, Object value, String kind, String source, String scope,
                                    Integer version) {
    }

    public record ResolvedPolicy(String deviceId, String districtPath, String scenario, String policyVersion,
                                 List<ResolvedThreshold> thresholds, List<ResolvedParameter> parameters,
                                 List<EscalationChain> escalationChains) {
    }

    /** The policy in force for a device (or a district), each value with the scope and version it came from. */
    @GetMapping("/resolved")
    public ResolvedPolicy resolved(@RequestParam(required = false) String deviceId,
                                   @RequestParam(required = false) String district, Authentication who) {
        String path;
        String scenario = null;
        if (deviceId != null) {
            Device d = registry.find(deviceId).orElseThrow(() -> new NotFoundException("no device '" + deviceId + "'"));
            path = d.districtPath();
            scenario = d.scenario();
        } else if (district != null) {
            String problem = DistrictPath.problem(district);
            if (problem != null) throw new BadRequestException("district: " + problem);
            path = district;
        } else {
            throw new BadRequestException("name a deviceId or a district");
        }
        scopes.requireRead(who, path);
        PolicySnapshot.Resolved r = service.current().resolve(path);
        Policy p = r.policy();
        String only = scenario;
        List<ResolvedThreshold> thresholds = p.allThresholds().stream()
                .filter(t -> only == null || t.getScenario().equals(only))
                .map(t -> {
                    PolicySnapshot.Source s = r.thresholdSources().get(PolicySnapshot.key(t));
                    return new ResolvedThreshold(t.getScenario(), t.getMetric(), t.getLevel().name(),
                            t.getDirection().name(), t.getValue(), t.getClearValue(),
                            metrics.find(t.getMetric()).map(Metric::canonicalUnit).orElse(""), s.label(), s.scope(),
                            s.version());
                }).toList();
        List<ResolvedParameter> parameters = new ArrayList<>();
        p.parameters().forEach((k, v) -> parameters.add(parameter(r, k, v, true)));
        p.settings().forEach((k, v) -> parameters.add(parameter(r, k, v, false)));
        parameters.sort(Comparator.comparing(ResolvedParameter::name));
        return new ResolvedPolicy(deviceId, path, scenario, p.version(), thresholds, parameters, r.escalationChains());
    }

    private static ResolvedParameter parameter(PolicySnapshot.Resolved r, String name, Object value, boolean numeric) {
        PolicySnapshot.Source s = r.parameterSources().get(name);
        return new ResolvedParameter(name, value, PolicyValidator.Kind.of(name, numeric).name(), s.label(), s.scope(),
                s.version());
    }

    public record CatalogThreshold(String scenario, String metric, String level, String direction, double value,
                                   double clearValue, String unit, double instrumentMin, double instrumentMax) {
    }

    public record CatalogParameter(String name, Object value, String kind) {
    }

    /** What a policy may set: every threshold and parameter with its shipped default, type and limits. */
    @GetMapping("/catalog")
    public Map<String, Object> catalog() {
        Policy d = service.defaults();
        List<CatalogThreshold> thresholds = new ArrayList<>();
        for (Threshold t : d.allThresholds()) {
            Metric m = metrics.find(t.getMetric()).orElse(null);
            thresholds.add(new CatalogThreshold(t.getScenario(), t.getMetric(), t.getLevel().name(),
                    t.getDirection().name(), t.getValue(), t.getClearValue(), m == null ? "" : m.canonicalUnit(),
                    m == null ? Double.NaN : m.instrumentMin(), m == null ? Double.NaN : m.instrumentMax()));
        }
        List<CatalogParameter> parameters = new ArrayList<>();
        d.parameters().forEach((k, v) -> parameters.add(new CatalogParameter(k, v, PolicyValidator.Kind.of(k, true).name())));
        d.settings().forEach((k, v) -> parameters.add(new CatalogParameter(k, v, PolicyValidator.Kind.of(k, false).name())));
        parameters.sort(Comparator.comparing(CatalogParameter::name));
        return Map.of("thresholds", thresholds, "parameters", parameters);
    }
}
