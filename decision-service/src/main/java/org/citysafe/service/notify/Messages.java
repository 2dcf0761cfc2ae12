package org.citysafe.service.notify;

import org.citysafe.rules.Contact;
import org.citysafe.rules.CoupledRisk;
import org.citysafe.rules.Location;
import org.citysafe.rules.Reason;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents the service sends, one record per kind; docs/ESCALATION.md describes each field. Every
 * document starts with its {@code deliveryId} (also the {@code X-Delivery-Id} header), stable across retries.
 * {@code text} is in the configured language; {@code texts} has every language.
 */
public final class Messages {

    private Messages() {
    }

    /** SMS or WeChat notice to one person. */
    public record Notice(String deliveryId, Channel channel, Contact to, AlarmSummary alarm, String language,
                         String text, Map<String, String> texts, StepRef escalation) {
    }

    /** A task for the duty centre: phone these people, verify, then confirm or mark a false alarm. */
    public record PhoneTask(String deliveryId, Channel channel, String task, AlarmSummary alarm, Site site,
                            List<Contact> call, List<Reason> reasons, String verifyWith, String language, String text,
                            Map<String, String> texts, StepRef escalation) {
    }

    /** What 119 receives: enough to dispatch without calling back. */
    public record Dossier(String schema, String deliveryId, Channel channel, AlarmSummary alarm, Site site,
                          List<Evidence> evidence, List<Reason> reasons, List<CoupledRisk> coupledRisks,
                          List<Contact> contacts, Verification verification, String language, String text,
                          Map<String, String> texts, StepRef escalation) {
    }

    /** An alarm event for the city operations centre's feed. */
    public record OpsCentreEvent(String schema, String deliveryId, Channel channel, AlarmSummary alarm, Site site,
                                 Verification verification, List<Reason> reasons, List<CoupledRisk> coupledRisks,
                                 String language, String text, Map<String, String> texts, StepRef escalation) {
    }

    /**
     * @param ref        short form of the id for messages read by people
     * @param typeNames  the alarm type's name per language
     * @param levelNames the level's name per language
     */
    public record AlarmSummary(String id, String ref, String kind, String type, Map<String, String> typeNames,
                               String level, Map<String, String> levelNames, String status, String scenario,
                               Instant firstSeen, Instant lastSeen, int readingCount, Instant openedAt) {
    }

    /**
     * @param district the district path split into its levels (city, district, street, community)
     * @param deviceId the device whose reading opened the alarm
     */
    public record Site(String siteId, String districtPath, Map<String, String> district, Location location,
                       String deviceId, String deviceType) {
    }

    /** One reading behind the alarm, as decided. */
    public record Evidence(String deviceId, String metric, double value, String unit, Instant ts, String messageId,
                           String outcome, String level) {
    }

    /**
     * How the alarm was confirmed: by a verdict ({@code verdict}, {@code by}, {@code at}, {@code note}), or by its
     * level under a self-confirming chain ({@code selfConfirming}, {@code basis}).
     */
    public record Verification(String verdict, String by, Instant at, String note, boolean selfConfirming,
                               String basis) {
    }

    /** Which chain step sent it. */
    public record StepRef(String chain, String version, int run, int loop, int step) {
    }
}
