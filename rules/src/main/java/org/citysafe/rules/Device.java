package org.citysafe.rules;

import java.util.List;

/**
 * A registered sensor with what the rules need to know about it.
 *
 * @param scenario     the monitoring scenario its readings are judged under, from its device type
 * @param districtPath city/district/street/community, the scope for policy and for regulators
 */
public record Device(String deviceId, String deviceType, String scenario, String siteId, String districtPath,
                     String assetId, Integer reportingIntervalSeconds, Location location, List<Contact> contacts) {

    public Device {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }
}
