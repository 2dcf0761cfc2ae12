package org.citysafe.rules.catalog;

import java.util.Set;

/**
 * A kind of device: the scenario its readings are judged under and the metrics it reports.
 */
public record DeviceType(String name, String scenario, Set<String> metrics, String nameEn, String nameZh) {

    public DeviceType {
        metrics = Set.copyOf(metrics);
    }

    public boolean reports(String metric) {
        return metrics.contains(metric);
    }
}
