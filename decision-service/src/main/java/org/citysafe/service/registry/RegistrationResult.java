package org.citysafe.service.registry;

import java.util.List;

/**
 * The answer to a bulk registration: one line per device, in the order sent. A device with errors is not stored;
 * the others are.
 */
public record RegistrationResult(int registered, int rejected, List<Line> devices) {

    /** @param status CREATED, UPDATED or REJECTED */
    public record Line(int index, String deviceId, String status, List<String> errors) {
    }
}
