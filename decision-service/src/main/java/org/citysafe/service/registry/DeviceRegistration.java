package org.citysafe.service.registry;

import org.citysafe.rules.Contact;
import org.citysafe.rules.Location;

import java.util.List;

/**
 * One device in a bulk registration, as sent by the operations platform (JSON or a CSV row).
 *
 * @param tags what the place is ({@code kitchen}, {@code warehouse}, ...), for rules that depend on it
 */
public record DeviceRegistration(String deviceId, String deviceType, String siteId, String districtPath,
                                 String assetId, Integer reportingIntervalSeconds, Location location,
                                 List<Contact> contacts, List<String> tags) {
}
