package org.citysafe.service.notify;

import java.util.Set;

/**
 * How a step reaches its recipient. SMS and WECHAT go to people named in the device's contacts (through the
 * messaging gateway); the others go to institutions whose endpoint is configured under {@code citysafe.notify}.
 */
public enum Channel {
    /** A text message to each contact with the step's role, through the SMS/WeChat gateway. */
    SMS,
    /** A WeChat mini-program notice to each contact with the step's role that has a WeChat id. */
    WECHAT,
    /** A task for the 24-hour duty centre: phone the site's people and verify (GB 50440 verification). */
    PHONE_TASK,
    /** The 119 fire dispatch centre, with the alarm's dossier. */
    DISPATCH_119,
    /** The city operations centre's feed (Kafka). */
    OPS_CENTRE;

    /** Recipients a step on this channel may name; contact roles for SMS and WECHAT, the institution otherwise. */
    public boolean accepts(String recipient) {
        return switch (this) {
            case SMS, WECHAT -> !INSTITUTIONS.contains(recipient);
            case PHONE_TASK -> recipient.equals("DUTY_CENTRE");
            case DISPATCH_119 -> recipient.equals("FIRE_119");
            case OPS_CENTRE -> recipient.equals("OPS_CENTRE");
        };
    }

    static final Set<String> INSTITUTIONS = Set.of("DUTY_CENTRE", "FIRE_119", "OPS_CENTRE");
}
