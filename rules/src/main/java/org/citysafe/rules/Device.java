package org.citysafe.rules;

import java.util.List;
import java.util.Set;

/**
 * A registered sensor with what the rules need to know about it.
 *
 * @param scenario     the monitoring scenario its readings are judged under, from its device type
 * @param districtPath city/district/street/community, the scope for policy and for regulators
 * @param tags         what the place is, for rules that depend on it: {@code kitchen}, {@code warehouse}, ...
 */
public record Device(String deviceId, String deviceType, String scenario, String siteId, String districtPath,
                     String assetId, Integer reportingIntervalSeconds, Location location, List<Contact> contacts,
                     Set<String> tags) {

    public Device {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    public Device(String deviceId, String deviceType, String scenario, String siteId, String districtPath,
                  String assetId, Integer reportingIntervalSeconds, Location location, List<Contact> contacts) {
        this(deviceId, deviceType, scenario, siteId, districtPath, assetId, reportingIntervalSeconds, location,
                contacts, Set.of());
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }
}
