package org.citysafe.rules.engine;

/**
 * One DRL file of a rule package.
 *
 * @param path where it lives, e.g. {@code org/citysafe/rules/gas/restaurant.drl}; compile errors name it
 */
public record RuleSource(String path, String drl) {
}
