package org.citysafe.rules.coupling;

import org.citysafe.rules.Level;

import java.util.Collection;
import java.util.Map;

/** The hazard alarms the given devices hold open right now, by device and alarm type. */
@FunctionalInterface
public interface OpenAlarms {

    Map<String, Map<String, Level>> of(Collection<String> deviceIds);

    OpenAlarms NONE = ids -> Map.of();
}
