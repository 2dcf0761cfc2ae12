package org.citysafe.service.authoring;

import org.citysafe.rules.Level;
import org.citysafe.rules.authoring.GuidedRule;
import org.citysafe.rules.catalog.DeviceType;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;
import org.citysafe.service.policy.PolicyService;
import org.citysafe.service.web.BadRequestException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the rule editor offers: the vocabulary of the fact model and DRL written from guided forms. */
@RestController
@RequestMapping("/api/v1/rule-authoring")
public class AuthoringController {

    private static final Pattern FINDING_TYPE = Pattern.compile("Finding\\.\\w+\\([^;]*?\"([A-Z][A-Z0-9_]+)\"");

    private final DeviceTypeCatalog deviceTypes;
    private final MetricCatalog metrics;
    private final PolicyService policies;
    private final RulePackageStore store;

    public AuthoringController(DeviceTypeCatalog deviceTypes, MetricCatalog metrics, PolicyService policies,
                               RulePackageStore store) {
        this.deviceTypes = deviceTypes;
        this.metrics = metrics;
        this.policies = policies;
        this.store = store;
    }

    public record MetricView(String name, String unit, String nameEn, String nameZh, double instrumentMin,
                             double instrumentMax) {
    }

    public record ThresholdView(String scenario, String metric, Level level, Direction direction, double value) {
    }

    /**
     * @param alarmTypes alarm and fault types the published rules raise
     * @param hysteresis whether threshold rules can hold and clear alarms (a clear condition in the form)
     * @param thresholds the policy defaults, the matrix regulators tune per district
     */
    public record Vocabulary(List<DeviceType> deviceTypes, List<MetricView> metrics, List<Level> levels,
                             List<Direction> directions, List<String> alarmTypes, List<String> flags,
                             boolean hysteresis, String policyVersion, List<ThresholdView> thresholds,
                             Map<String, Double> parameters) {
    }

    @GetMapping("/vocabulary")
    public Vocabulary vocabulary() {
        Policy policy = policies.defaults();
        TreeSet<String> alarmTypes = new TreeSet<>();
        for (RuleVersion v : store.publishedVersions()) {
            for (RuleFile f : v.files()) {
                Matcher m = FINDING_TYPE.matcher(f.drl());
                while (m.find()) alarmTypes.add(m.group(1));
            }
        }
        alarmTypes.add("INSTRUMENT_RANGE_FAULT");
        return new Vocabulary(
                deviceTypes.all().stream().sorted(Comparator.comparing(DeviceType::name)).toList(),
                metrics.all().stream().sorted(Comparator.comparing(Metric::name))
                        .map(m -> new MetricView(m.name(), m.canonicalUnit(), m.nameEn(), m.nameZh(),
                                m.instrumentMin(), m.instrumentMax())).toList(),
                List.of(Level.values()), Arrays.asList(Direction.values()), List.copyOf(alarmTypes),
                List.of("MAINTENANCE", "TEST", "CALIBRATION"), GuidedRule.engineHasHysteresis(), policy.version(),
                policy.allThresholds().stream()
                        .sorted(Comparator.comparing(Threshold::getScenario).thenComparing(Threshold::getMetric)
                                .thenComparing(t -> -t.getLevel().severity()))
                        .map(t -> new ThresholdView(t.getScenario(), t.getMetric(), t.getLevel(), t.getDirection(),
                                t.getValue())).toList(),
                new TreeMap<>(policy.parameters()));
    }

    /**
     * @param packageName the package the file belongs to (a blank file gets its package line)
     * @param file        the DRL file being edited; the rule is added to it
     */
    public record GuidedRequest(GuidedRule.Spec spec, String packageName, String file) {
    }

    /** @param drl the whole file with the rule and its imports added */
    public record GuidedResult(String drl, String rule, List<String> warnings) {
    }

    @PostMapping("/guided-rules")
    public GuidedResult guided(@RequestBody GuidedRequest request) {
        if (request.spec() == null) throw new BadRequestException("spec is missing");
        if (request.packageName() == null || !RuleCompiler.PACKAGE_NAME.matcher(request.packageName()).matches()) {
            throw new BadRequestException("packageName is missing or not a package name");
        }
        try {
            GuidedRule.Generated g = GuidedRule.generate(request.spec());
            return new GuidedResult(GuidedRule.insertInto(request.file(), request.packageName(), g), g.rule(),
                    g.warnings());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("the form is not complete", List.of(e.getMessage().split("; ")));
        }
    }
}
