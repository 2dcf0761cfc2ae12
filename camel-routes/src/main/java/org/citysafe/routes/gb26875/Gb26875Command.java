package org.citysafe.routes.gb26875;

import java.util.Optional;

/** The control unit's command byte (GB/T 26875.3-2011, table 2). 0 and 7-127 are reserved, 128-255 user-defined. */
public enum Gb26875Command {
    /** Centre to UITD: a control command (e.g. clock sync), answered by confirm/deny. */
    CONTROL(1),
    /** UITD to centre: fire alarms and facility states, answered by confirm/deny. */
    SEND_DATA(2),
    /** The positive answer to CONTROL or SEND_DATA. */
    CONFIRM(3),
    /** A query, answered by RESPONSE or DENY. */
    REQUEST(4),
    /** The answer to REQUEST, carrying the requested data. */
    RESPONSE(5),
    /** The negative answer: the received frame failed its checks. */
    DENY(6);

    private final int code;

    Gb26875Command(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<Gb26875Command> of(int code) {
        for (Gb26875Command command : values()) {
            if (command.code == code) return Optional.of(command);
        }
        return Optional.empty();
    }

    /** 0 and 7..127: the standard reserves these, so a frame carrying one fails its checks. */
    public static boolean isReserved(int code) {
        return code == 0 || (code >= 7 && code <= 127);
    }

    public static String describe(int code) {
        return of(code).map(c -> code + " (" + c.name().toLowerCase().replace('_', ' ') + ")")
                .orElse(code >= 128 ? code + " (user-defined)" : code + " (reserved)");
    }
}
