package org.citysafe.service.authoring;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The publications of the rule repository and its audit trail across packages. */
@RestController
public class RuleRevisionController {

    private final RulePackages packages;
    private final PublishedRules published;

    public RuleRevisionController(RulePackages packages, PublishedRules published) {
        this.packages = packages;
        this.published = published;
    }

    /** @param installedRevision the revision this instance decides with; others catch up within their poll interval */
    public record Revisions(long installedRevision, List<RuleRevision> revisions) {
    }

    @GetMapping("/api/v1/rule-revisions")
    public Revisions revisions(@RequestParam(defaultValue = "20") int limit) {
        return new Revisions(published.installedRevision(), packages.revisions(limit));
    }

    @GetMapping("/api/v1/rule-audit")
    public List<RuleAuditEntry> audit(@RequestParam(defaultValue = "100") int limit) {
        return packages.audit(null, limit);
    }
}
