package org.citysafe.service.suppression;

import org.citysafe.rules.Level;
import org.citysafe.rules.state.Silence;
import org.citysafe.service.registry.DeviceRegistry;
import org.citysafe.service.registry.DistrictPath;
import org.citysafe.service.registry.Identifiers;
import org.citysafe.service.security.DistrictScopes;
import org.citysafe.service.web.BadRequestException;
import org.citysafe.service.web.ForbiddenException;
import org.citysafe.service.web.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Silences and maintenance windows. The author is the authenticated user; a reason is required. A silence holds back
 * hazards up to {@code maxLevel} (default ORANGE), so a RED condition reaches the duty centre unless the silence
 * explicitly says RED.
 */
@RestController
@RequestMapping("/api/v1/silences")
public class SilenceController {

    private final SilenceStore silences;
    private final Clock clock;
    private final DistrictScopes scopes;
    private final DeviceRegistry registry;
    private final DownstreamSilences downstream;

    public SilenceController(SilenceStore silences, Clock clock, DistrictScopes scopes, DeviceRegistry registry,
                             DownstreamSilences downstream) {
        this.downstream = downstream;
        this.silences = silences;
        this.clock = clock;
        this.scopes = scopes;
        this.registry = registry;
    }

    public record SilenceRequest(String scopeType, String scope, List<String> alarmTypes, Level maxLevel,
                                 String startsAt, String endsAt, String reason) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Silence create(@RequestBody SilenceRequest r, Authentication who) {
        List<String> errors = new ArrayList<>();
        if (r.scopeType() == null || !Set.of("DISTRICT", "SITE", "DEVICE", DownstreamSilences.SCOPE).contains(r.scopeType())) {
            errors.add("scopeType: must be DISTRICT, SITE, DEVICE or DOWNSTREAM (an asset and everything downstream of it)");
        }
        if (r.scope() == null || r.scope().isBlank()) errors.add("scope: is missing");
        else if ("DISTRICT".equals(r.scopeType()) && DistrictPath.problem(r.scope()) != null) {
            errors.add("scope: " + DistrictPath.problem(r.scope()));
        } else if (!"DISTRICT".equals(r.scopeType()) && Identifiers.idProblem("scope", r.scope()) != null) {
            errors.add(Identifiers.idProblem("scope", r.scope()));
        } else if (DownstreamSilences.SCOPE.equals(r.scopeType()) && !downstream.knows(r.scope())) {
            errors.add("scope: no asset '" + r.scope() + "' in the network (import it with POST /api/v1/assets)");
        }
        if (r.reason() == null || r.reason().isBlank()) errors.add("reason: say why alarms are held back");
        Instant starts = r.startsAt() == null ? clock.instant() : parse(r.startsAt(), "startsAt", errors);
        Instant ends = parse(r.endsAt(), "endsAt", errors);
        if (starts != null && ends != null && !ends.isAfter(starts)) errors.add("endsAt: must be after startsAt");
        if (!errors.isEmpty()) throw new BadRequestException("silence is not valid", errors);
        requireGoverned(who, r.scopeType(), r.scope());
        return silences.create(new Silence(null, r.scopeType(), r.scope(),
                r.alarmTypes() == null ? Set.of() : Set.copyOf(r.alarmTypes()),
                r.maxLevel() == null ? Level.ORANGE : r.maxLevel(), starts, ends, who.getName(), r.reason()));
    }

    /** The silences in force; a district-scoped account sees those of its districts and of the districts above. */
    @GetMapping
    public List<Silence> active(@RequestParam(required = false) String at, Authentication who) {
        Instant when;
        try {
            when = at == null ? clock.instant() : OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException("at: '" + at + "' is not ISO-8601 with an offset");
        }
        List<Silence> all = silences.overlapping(when, when);
        if (!scopes.isScoped(who)) return all;
        return all.stream().filter(s -> "DISTRICT".equals(s.scopeType()) ? scopes.canRead(who, s.scope())
                : districtsOf(s.scopeType(), s.scope()).stream().anyMatch(d -> scopes.covers(who, d))).toList();
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void cancel(@PathVariable String id, Authentication who) {
        Silence s = silences.find(id).orElseThrow(() -> new NotFoundException("no active silence '" + id + "'"));
        requireGoverned(who, s.scopeType(), s.scope());
        if (!silences.cancel(id, who.getName())) throw new NotFoundException("no active silence '" + id + "'");
    }

    /**
     * A district-scoped account (OPERATOR, REGULATOR) holds back alarms only in the districts it governs (a site or
     * device: where it is registered; an asset: its district).
     */
    private void requireGoverned(Authentication who, String scopeType, String scope) {
        if (!scopes.isScoped(who)) return;
        List<String> districts = districtsOf(scopeType, scope);
        if (districts.isEmpty()) {
            throw new ForbiddenException(who.getName() + " may silence only what is registered in its districts; "
                    + scopeType.toLowerCase() + " '" + scope + "' is not registered");
        }
        districts.forEach(d -> scopes.requireCovered(who, d, scopeType.toLowerCase() + " '" + scope + "'"));
    }

    private List<String> districtsOf(String scopeType, String scope) {
        return switch (scopeType) {
            case "DISTRICT" -> List.of(scope);
            case "DEVICE" -> registry.find(scope).map(d -> List.of(d.districtPath())).orElse(List.of());
            case DownstreamSilences.SCOPE -> downstream.districtOf(scope) == null ? List.<String>of()
                    : List.of(downstream.districtOf(scope));
            default -> registry.atSites(List.of(scope)).stream().map(d -> d.districtPath()).distinct().toList();
        };
    }

    private static Instant parse(String text, String field, List<String> errors) {
        if (text == null) {
            errors.add(field + ": is missing");
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(field + ": '" + text + "' is not ISO-8601 with an offset");
            return null;
        }
    }
}
