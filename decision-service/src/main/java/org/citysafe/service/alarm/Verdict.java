package org.citysafe.service.alarm;

/** What verification concluded. Only CONFIRMED alarms reach 119 (GB 50440); a FALSE_ALARM closes the alarm. */
public enum Verdict {
    CONFIRMED, FALSE_ALARM
}
