package org.citysafe.rules;

import java.util.List;

/** A risk that arises from this reading together with neighbouring assets on other networks. */
public record CoupledRisk(String type, Level level, List<String> assets, String explanation) {
}
