package org.citysafe.rules;

/** WGS-84 position. */
public record Location(double lat, double lon) {
}
