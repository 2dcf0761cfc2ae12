package org.citysafe.service.authoring;

import org.citysafe.rules.engine.CompilationProblem;
import org.citysafe.service.web.BadRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;

/**
 * Rule packages per domain: versions, validation, test before publish, publish, rollback, diff, audit. Writes need
 * the EXPERT role; EXPERT and REGULATOR may read.
 */
@RestController
@RequestMapping("/api/v1/rule-packages")
public class RulePackageController {

    private final RulePackages packages;

    public RulePackageController(RulePackages packages) {
        this.packages = packages;
    }

    /** @param basedOn the version a new draft copies when it brings no files (default: the live one) */
    public record DraftRequest(List<RuleFile> files, String comment, Integer basedOn) {
    }

    public record FilesRequest(List<RuleFile> files) {
    }

    /** @param recentReadings also replay this many of the newest stored readings of the package's domain */
    public record TestRequest(Integer recentReadings) {
    }

    public record PublishRequest(String comment) {
    }

    public record RollbackRequest(Integer version, String comment) {
    }

    public record Problems(boolean valid, List<CompilationProblem> problems) {
    }

    @GetMapping
    public List<RulePackage> list() {
        return packages.list();
    }

    @GetMapping("/{name}")
    public RulePackage get(@PathVariable String name) {
        return packages.get(name);
    }

    @GetMapping("/{name}/versions/{version}")
    public RuleVersion version(@PathVariable String name, @PathVariable int version) {
        return packages.version(name, version);
    }

    @PostMapping("/{name}/versions")
    @ResponseStatus(HttpStatus.CREATED)
    public RuleVersion createDraft(@PathVariable String name, @RequestBody DraftRequest body, Principal who) {
        return packages.createDraft(name, body.files(), body.basedOn(), body.comment(), who.getName());
    }

    @PutMapping("/{name}/versions/{version}")
    public RuleVersion updateDraft(@PathVariable String name, @PathVariable int version,
                                   @RequestBody DraftRequest body, Principal who) {
        return packages.updateDraft(name, version, body.files(), body.comment(), who.getName());
    }

    /** Compile problems of files as they are being edited (nothing is stored), each with file, line and column. */
    @PostMapping("/{name}/validate")
    public Problems validateFiles(@PathVariable String name, @RequestBody FilesRequest body) {
        List<CompilationProblem> problems = packages.check(name, body.files());
        return new Problems(problems.isEmpty(), problems);
    }

    @PostMapping("/{name}/versions/{version}/validate")
    public RulePackages.Validation validate(@PathVariable String name, @PathVariable int version, Principal who) {
        return packages.validate(name, version, who.getName());
    }

    @PostMapping("/{name}/versions/{version}/test")
    public RuleTests.Report test(@PathVariable String name, @PathVariable int version,
                                 @RequestBody(required = false) TestRequest body, Principal who) {
        int recent = body == null || body.recentReadings() == null ? 0 : body.recentReadings();
        return packages.test(name, version, recent, who.getName());
    }

    @PostMapping("/{name}/versions/{version}/publish")
    public RulePackages.Publication publish(@PathVariable String name, @PathVariable int version,
                                            @RequestBody PublishRequest body, Principal who) {
        return packages.publish(name, version, body.comment(), who.getName());
    }

    @PostMapping("/{name}/rollback")
    public RulePackages.Publication rollback(@PathVariable String name, @RequestBody RollbackRequest body,
                                             Principal who) {
        if (body.version() == null) throw new BadRequestException("version is missing");
        return packages.rollback(name, body.version(), body.comment(), who.getName());
    }

    @GetMapping("/{name}/diff")
    public RulePackages.Diff diff(@PathVariable String name, @RequestParam int from, @RequestParam int to) {
        return packages.diff(name, from, to);
    }

    @GetMapping("/{name}/test-cases")
    public List<RuleTests.TestCase> testCases(@PathVariable String name) {
        return packages.testCases(name);
    }

    @PutMapping("/{name}/test-cases")
    public RuleTests.TestCase saveTestCase(@PathVariable String name, @RequestBody RuleTests.TestCase testCase,
                                           Principal who) {
        return packages.saveTestCase(name, testCase, who.getName());
    }

    @DeleteMapping("/{name}/test-cases/{caseName}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void deleteTestCase(@PathVariable String name, @PathVariable String caseName, Principal who) {
        packages.deleteTestCase(name, caseName, who.getName());
    }

    @GetMapping("/{name}/audit")
    public List<RuleAuditEntry> audit(@PathVariable String name, @RequestParam(defaultValue = "100") int limit) {
        return packages.audit(name, limit);
    }
}
