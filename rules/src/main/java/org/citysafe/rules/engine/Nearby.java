package org.citysafe.rules.engine;

import org.citysafe.rules.Level;

/**
 * A hazard alarm open near an observation's device, for coupling rules ("gas in a sewer well within 50 m of a gas
 * main that is losing pressure"): at the same site, or at another site whose device lies within the decision path's
 * search radius ({@code citysafe.decision.nearby-radius-metres}).
 *
 * @param relation SAME_SITE or WITHIN_RADIUS; a network topology would add relations such as CONNECTED
 */
public record Nearby(Observation observation, String relation, String siteId, String deviceId, String scenario,
                     String alarmType, Level level, double distanceMetres) {

    public static final String SAME_SITE = "SAME_SITE";
    public static final String WITHIN_RADIUS = "WITHIN_RADIUS";

    // JavaBean-style accessors so DRL constraints can name the properties (observation == $o, distanceMetres <= 50)
    public Observation getObservation() {
        return observation;
    }

    public String getRelation() {
        return relation;
    }

    public String getSiteId() {
        return siteId;
    }

    public String getDeviceId() {
        return deviceId;
    }

    public String getScenario() {
        return scenario;
    }

    public String getAlarmType() {
        return alarmType;
    }

    public Level getLevel() {
        return level;
    }

    public double getDistanceMetres() {
        return distanceMetres;
    }
}
