package org.citysafe.service.authoring;

import java.util.List;

/** The rules of one domain (fire, gas, device, ...), with its versions newest first. */
public record RulePackage(String name, String title, Integer publishedVersion, List<RuleVersion> versions) {
}
