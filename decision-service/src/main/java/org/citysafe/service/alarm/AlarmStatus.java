package org.citysafe.service.alarm;

/** Where an alarm stands. RESOLVED and CLOSED alarms are history: a new reading opens a new alarm. */
public enum AlarmStatus {
    OPEN, ACKNOWLEDGED, VERIFIED, DISPATCHED, RESOLVED, CLOSED;

    public boolean isOpen() {
        return this != RESOLVED && this != CLOSED;
    }
}
