package org.citysafe.service.authoring;

/**
 * One DRL file of a rule package version.
 *
 * @param path e.g. {@code org/citysafe/rules/gas/restaurant.drl}; always inside the package's own folder
 */
public record RuleFile(String path, String drl) {
}
