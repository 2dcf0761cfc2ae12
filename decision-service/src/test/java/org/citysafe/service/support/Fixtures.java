package org.citysafe.service.support;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** JSON bodies for devices and readings. */
public final class Fixtures {

    public static final String DISTRICT = "yangzhou/guangling/dongguan/wenhe";

    private Fixtures() {
    }

    public static String device(String deviceId, String deviceType, String siteId, String districtPath) {
        return """
                {"deviceId":"%s","deviceType":"%s","siteId":"%s","districtPath":"%s","reportingIntervalSeconds":60,
                 "location":{"lat":32.39,"lon":119.43},
                 "contacts":[{"name":"Wang Wei","role":"OWNER","phone":"13800000000"}]}
                """.formatted(deviceId, deviceType, siteId, districtPath);
    }

    /** A device with the given contacts (see {@link #contact}). */
    public static String device(String deviceId, String deviceType, String siteId, String districtPath,
                                String... contacts) {
        return """
                {"deviceId":"%s","deviceType":"%s","siteId":"%s","districtPath":"%s","reportingIntervalSeconds":60,
                 "location":{"lat":32.39,"lon":119.43},"contacts":[%s]}
                """.formatted(deviceId, deviceType, siteId, districtPath, String.join(",", contacts));
    }

    /** A contact; phone or wechat may be null. */
    public static String contact(String name, String role, String phone, String wechat) {
        return "{\"name\":\"%s\",\"role\":\"%s\"%s%s}".formatted(name, role,
                phone == null ? "" : ",\"phone\":\"" + phone + "\"", wechat == null ? "" : ",\"wechat\":\"" + wechat + "\"");
    }

    public static String devices(String... devices) {
        return "{\"devices\":[" + String.join(",", devices) + "]}";
    }

    /** A reading stamped {@code secondsAgo} before now, in China Standard Time as devices send it. */
    public static String reading(String deviceId, String metric, Object value, String unit, String messageId,
                                 int secondsAgo) {
        String ts = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusSeconds(secondsAgo).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return """
                {"deviceId":"%s","metric":"%s","value":%s,"unit":"%s","ts":"%s","messageId":"%s"}"""
                .formatted(deviceId, metric, value, unit, ts, messageId);
    }

    /**
     * One smoke detector's alarm that has passed the 60 s alarm verification: the detector in alarm at
     * {@code secondsAgo} + 60 s and still at {@code secondsAgo}. Two readings; the second decision raises ORANGE.
     */
    public static String verifiedSmoke(String deviceId, int secondsAgo) {
        return reading(deviceId, "smoke.alarm", 1, "state", UUID.randomUUID().toString(), secondsAgo + 60)
                + "," + reading(deviceId, "smoke.alarm", 1, "state", UUID.randomUUID().toString(), secondsAgo);
    }

    public static String batch(boolean dryRun, String... readings) {
        return "{\"readings\":[" + String.join(",", readings) + "],\"dryRun\":" + dryRun + "}";
    }
}
