package org.citysafe.service.decision;

import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.rules.Reading;
import org.citysafe.service.CitysafeProperties;
import org.citysafe.service.registry.Identifiers;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The check of a reading's form before anything of it is stored, whatever route it came by (HTTP, the inbox, MQTT,
 * Kafka, TCP, push), before admission looks it up: its deviceId and messageId are of the {@link Identifiers} sets,
 * and its timestamp lies
 * between {@code citysafe.ingest.max-age} ago and {@code max-future-skew} ahead. A reading that fails is refused in
 * its place with the reason, so it becomes a dead letter and the rest of its batch is decided.
 */
@Component
public class ReadingValidation {

    private final Clock clock;
    private final Duration maxAge;
    private final Duration maxFutureSkew;

    public ReadingValidation(Clock clock, CitysafeProperties properties) {
        this.clock = clock;
        this.maxAge = properties.ingest().maxAge();
        this.maxFutureSkew = properties.ingest().maxFutureSkew();
    }

    public List<ParsedReading> check(List<ParsedReading> readings) {
        Instant now = clock.instant();
        List<ParsedReading> out = new ArrayList<>(readings.size());
        for (ParsedReading p : readings) out.add(check(p, now));
        return out;
    }

    public ParsedReading check(ParsedReading parsed) {
        return check(parsed, clock.instant());
    }

    private ParsedReading check(ParsedReading parsed, Instant now) {
        if (!(parsed instanceof ParsedReading.Accepted)) return parsed;
        Reading r = ((ParsedReading.Accepted) parsed).reading();
        String problem = problem(r, now);
        if (problem == null) return parsed;
        return new ParsedReading.Refused(Identifiers.printable(r.deviceId()), Identifiers.printable(r.messageId()),
                problem, parsed.raw());
    }

    /** Why the reading may not be decided, or null. */
    String problem(Reading r, Instant now) {
        String problem = Identifiers.idProblem("deviceId", r.deviceId());
        if (problem == null) problem = Identifiers.messageIdProblem("messageId", r.messageId());
        if (problem != null) return problem;
        if (r.ts() == null) return "timestamp 'ts' is missing";
        if (r.ts().isBefore(now.minus(maxAge))) {
            return "stale: timestamp " + r.ts() + " is more than " + describe(maxAge) + " old"
                    + " (citysafe.ingest.max-age); a reading this old is no news of a hazard";
        }
        if (r.ts().isAfter(now.plus(maxFutureSkew))) {
            return "timestamp " + r.ts() + " is more than " + describe(maxFutureSkew)
                    + " in the future (device clock skew?)";
        }
        return null;
    }

    private static String describe(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) return d.toDays() + " days";
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) return d.toHours() + " h";
        if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) return d.toMinutes() + " min";
        return d.toSeconds() + " s";
    }
}
