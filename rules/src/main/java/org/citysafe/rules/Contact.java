package org.citysafe.rules;

/**
 * Somebody to tell about a device's alarms.
 *
 * @param role OWNER, SAFETY_MANAGER, PROPERTY_MANAGEMENT, GRID_OFFICER, ...
 */
public record Contact(String name, String role, String phone, String wechat) {
}
