package org.citysafe.service.alarm;

import org.citysafe.rules.CoupledRisk;
import org.citysafe.rules.Level;
import org.citysafe.rules.Reason;

import java.time.Instant;
import java.util.List;

/**
 * A hazard or device fault that somebody has to deal with. One alarm stays open per key: further readings that
 * conclude the same raise its count and last-seen time, and may raise its level.
 *
 * @param kind      HAZARD (keyed by site and type) or FAULT (keyed by device and type)
 * @param firstSeen event time of the first reading behind it
 * @param incidentId alarms open at one site at the same time share an incident
 * @param assignee  who is handling it, when somebody was assigned
 * @param verdict   the verification's conclusion, once verified
 * @param timeline  every transition, oldest first; empty in listings
 */
public record Alarm(String id, String kind, String alarmType, Level level, AlarmStatus status, String siteId,
                    String deviceId, String districtPath, String scenario, Instant firstSeen, Instant lastSeen,
                    int readingCount, Instant openedAt, Instant updatedAt, Instant closedAt, List<Reason> reasons,
                    String incidentId, String assignee, Verdict verdict, List<CoupledRisk> coupledRisks,
                    List<AlarmEvent> timeline) {

    Alarm withTimeline(List<AlarmEvent> events) {
        return new Alarm(id, kind, alarmType, level, status, siteId, deviceId, districtPath, scenario, firstSeen,
                lastSeen, readingCount, openedAt, updatedAt, closedAt, reasons, incidentId, assignee, verdict,
                coupledRisks, events);
    }
}
