package org.citysafe.service.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.rules.Contact;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Reason;
import org.citysafe.service.CitysafeProperties;
import org.citysafe.service.alarm.Alarm;
import org.citysafe.service.alarm.VerdictStore;
import org.citysafe.service.registry.DistrictPath;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a step of an escalation chain into the messages it sends: one notice per person for SMS and WeChat, one
 * task for the duty centre, one dossier for 119, one event for the operations centre. Texts come from the
 * configured templates ({@code citysafe.notify.templates.<language>.<kind>}), in Chinese and English.
 */
@Component
public class MessageComposer {

    public static final String DOSSIER_SCHEMA = "citysafe.dispatch-119.v1";
    public static final String OPS_CENTRE_SCHEMA = "citysafe.ops-centre-alarm.v1";
    static final List<String> LANGUAGES = List.of("zh", "en");
    static final List<String> KINDS = List.of("alarm", "phone-task", "dispatch", "ops-centre");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.of("Asia/Shanghai"));
    private static final int EVIDENCE = 20;

    /**
     * One step for one alarm.
     *
     * @param selfConfirming the chain lets the alarm's level stand for verification
     */
    public record Request(Alarm alarm, Device device, Channel channel, String recipientRole, long timerId,
                          String chain, String chainVersion, int run, int loop, int step, boolean selfConfirming) {
    }

    /** The messages, or why there are none (nobody with that role and an address). */
    public record Composed(List<OutboundMessage> messages, String skipReason) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final VerdictStore verdicts;
    private final String language;
    private final Map<String, Map<String, String>> templates;
    private final Map<String, Map<String, String>> names;

    public MessageComposer(JdbcTemplate jdbc, ObjectMapper json, VerdictStore verdicts, CitysafeProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.verdicts = verdicts;
        CitysafeProperties.Notify notify = properties.notifications();
        this.language = notify.language() == null || notify.language().isBlank() ? "zh" : notify.language();
        this.templates = notify.templates();
        this.names = notify.names();
        List<String> missing = new ArrayList<>();
        if (!LANGUAGES.contains(language)) missing.add("citysafe.notify.language must be one of " + LANGUAGES);
        for (String lang : LANGUAGES) {
            for (String kind : KINDS) {
                String t = templates.getOrDefault(lang, Map.of()).get(kind);
                if (t == null || t.isBlank()) missing.add("citysafe.notify.templates." + lang + "." + kind);
            }
        }
        if (!missing.isEmpty()) throw new IllegalStateException("notification templates are missing: " + missing);
    }

    public Composed compose(Request r) {
        Messages.StepRef step = new Messages.StepRef(r.chain(), r.chainVersion(), r.run(), r.loop(), r.step());
        Messages.AlarmSummary summary = summary(r.alarm());
        return switch (r.channel()) {
            case SMS, WECHAT -> notices(r, step, summary);
            case PHONE_TASK -> {
                String id = deliveryId(r, "DUTY_CENTRE");
                Map<String, String> texts = texts("phone-task", r, null);
                yield one(r, id, "duty centre", new Messages.PhoneTask(id, r.channel(), "VERIFY_BY_PHONE", summary,
                        site(r), r.device().contacts(), r.alarm().reasons(),
                        "POST /api/v1/alarms/" + r.alarm().id() + "/verify", language, texts.get(language), texts, step));
            }
            case DISPATCH_119 -> {
                String id = deliveryId(r, "FIRE_119");
                Messages.Verification verification = verification(r);
                Map<String, String> texts = texts("dispatch", r, verification);
                yield one(r, id, "119", new Messages.Dossier(DOSSIER_SCHEMA, id, r.channel(), summary, site(r),
                        evidence(r.alarm().id()), r.alarm().reasons(), r.alarm().coupledRisks(), r.device().contacts(),
                        verification, language, texts.get(language), texts, step));
            }
            case OPS_CENTRE -> {
                String id = deliveryId(r, "OPS_CENTRE");
                Messages.Verification verification = verification(r);
                Map<String, String> texts = texts("ops-centre", r, verification);
                yield one(r, id, "operations centre", new Messages.OpsCentreEvent(OPS_CENTRE_SCHEMA, id, r.channel(),
                        summary, site(r), verification, r.alarm().reasons(), r.alarm().coupledRisks(), language,
                        texts.get(language), texts, step));
            }
        };
    }

    private Composed notices(Request r, Messages.StepRef step, Messages.AlarmSummary summary) {
        boolean sms = r.channel() == Channel.SMS;
        List<OutboundMessage> out = new ArrayList<>();
        Map<String, String> texts = texts("alarm", r, null);
        for (Contact c : r.device().contacts()) {
            String address = sms ? c.phone() : c.wechat();
            if (!r.recipientRole().equals(c.role()) || address == null || address.isBlank()) continue;
            String id = deliveryId(r, r.recipientRole() + ":" + address);
            Contact to = sms ? new Contact(c.name(), c.role(), c.phone(), null) : new Contact(c.name(), c.role(), null, c.wechat());
            out.add(new OutboundMessage(id, r.alarm().id(), r.timerId(), r.channel(), r.recipientRole(),
                    label(c.name(), sms ? mask(address) : address),
                    write(new Messages.Notice(id, r.channel(), to, summary, language, texts.get(language), texts, step))));
        }
        if (out.isEmpty()) {
            return new Composed(List.of(), "device " + r.device().deviceId() + " has no " + r.recipientRole()
                    + " contact with " + (sms ? "a phone number" : "a WeChat id"));
        }
        return new Composed(out, null);
    }

    private Composed one(Request r, String deliveryId, String recipient, Object body) {
        return new Composed(List.of(new OutboundMessage(deliveryId, r.alarm().id(), r.timerId(), r.channel(),
                r.recipientRole(), recipient, write(body))), null);
    }

    /** Derived, not random: whoever composes this step again (another instance, after a restart) gets the same id. */
    static String deliveryId(Request r, String recipientKey) {
        String key = r.alarm().id() + "|" + r.run() + "|" + r.loop() + "|" + r.step() + "|" + recipientKey;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Messages.AlarmSummary summary(Alarm a) {
        Map<String, String> typeNames = new LinkedHashMap<>();
        Map<String, String> levelNames = new LinkedHashMap<>();
        for (String lang : LANGUAGES) {
            typeNames.put(lang, typeName(lang, a.alarmType()));
            levelNames.put(lang, levelName(lang, a.level()));
        }
        return new Messages.AlarmSummary(a.id(), ref(a.id()), a.kind(), a.alarmType(), typeNames,
                a.level() == null ? null : a.level().name(), levelNames, a.status().name(), a.scenario(),
                a.firstSeen(), a.lastSeen(), a.readingCount(), a.openedAt());
    }

    private Messages.Site site(Request r) {
        Map<String, String> district = new LinkedHashMap<>();
        String[] parts = r.alarm().districtPath().split("/");
        for (int i = 0; i < parts.length && i < DistrictPath.LEVELS.size(); i++) {
            district.put(DistrictPath.LEVELS.get(i).toLowerCase(Locale.ROOT), parts[i]);
        }
        return new Messages.Site(r.alarm().siteId(), r.alarm().districtPath(), district, r.device().location(),
                r.device().deviceId(), r.device().deviceType());
    }

    private List<Messages.Evidence> evidence(String alarmId) {
        return jdbc.query("""
                select device_id, metric, value, unit, ts, message_id, outcome, level from reading
                where alarm_id = ? order by ts desc, id desc limit ?
                """, (rs, i) -> new Messages.Evidence(rs.getString("device_id"), rs.getString("metric"),
                rs.getDouble("value"), rs.getString("unit"), rs.getTimestamp("ts").toInstant(),
                rs.getString("message_id"), rs.getString("outcome"), rs.getString("level")), alarmId, EVIDENCE);
    }

    private Messages.Verification verification(Request r) {
        return verdicts.forAlarm(r.alarm().id())
                .map(v -> new Messages.Verification(v.verdict().name(), v.actor(), v.at(), v.note(), false, null))
                .orElseGet(() -> r.selfConfirming()
                        ? new Messages.Verification(null, null, null, null, true, r.alarm().level()
                        + " level confirms itself under escalation chain " + r.chain())
                        : new Messages.Verification(null, null, null, null, false, null));
    }

    private Map<String, String> texts(String kind, Request r, Messages.Verification verification) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String lang : LANGUAGES) texts.put(lang, fill(templates.get(lang).get(kind), vars(lang, r, verification)));
        return texts;
    }

    private Map<String, String> vars(String lang, Request r, Messages.Verification v) {
        boolean zh = lang.equals("zh");
        Alarm a = r.alarm();
        Reason reason = a.reasons().isEmpty() ? null : a.reasons().get(0);
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("level", levelName(lang, a.level()));
        vars.put("alarmType", typeName(lang, a.alarmType()));
        vars.put("site", a.siteId());
        vars.put("district", a.districtPath());
        vars.put("device", a.deviceId());
        vars.put("reason", reason == null ? "" : zh && reason.messageZh() != null ? reason.messageZh() : reason.message());
        vars.put("ref", ref(a.id()));
        vars.put("time", a.firstSeen() == null ? "" : LOCAL_TIME.format(a.firstSeen()));
        vars.put("readings", Integer.toString(a.readingCount()));
        vars.put("location", r.device().location() == null ? (zh ? "未登记" : "not registered")
                : String.format(Locale.ROOT, "%.5f,%.5f", r.device().location().lat(), r.device().location().lon()));
        List<String> people = r.device().contacts().stream()
                .map(c -> c.name() + (c.role() == null ? "" : "(" + c.role() + ")") + (c.phone() == null ? "" : " " + c.phone()))
                .toList();
        vars.put("contacts", people.isEmpty() ? (zh ? "无登记联系人" : "none registered") : String.join(zh ? "；" : "; ", people));
        vars.put("verification", verificationText(zh, v));
        return vars;
    }

    private static String verificationText(boolean zh, Messages.Verification v) {
        if (v == null) return "";
        if (v.verdict() != null) {
            String note = v.note() == null || v.note().isBlank() ? "" : (zh ? "，" : ", ") + v.note();
            return zh ? "已由" + v.by() + "核实" + (v.verdict().equals("CONFIRMED") ? "确认" : "为误报") + note
                    : (v.verdict().equals("CONFIRMED") ? "confirmed" : "false alarm") + " by " + v.by() + note;
        }
        if (v.selfConfirming()) return zh ? "红色预警，按策略自动确认" : "confirmed by its level under the escalation policy";
        return zh ? "尚未核实" : "not yet verified";
    }

    private String typeName(String lang, String type) {
        return names.getOrDefault(lang, Map.of()).getOrDefault(type, type);
    }

    private static String levelName(String lang, Level level) {
        if (level == null) return lang.equals("zh") ? "设备故障" : "device fault";
        return lang.equals("zh") ? level.nameZh() + "预警" : level.name();
    }

    private static String fill(String template, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String ref(String alarmId) {
        return alarmId.length() > 8 ? alarmId.substring(0, 8) : alarmId;
    }

    /** 13800000000 → 138****0000: enough for the timeline to tell people apart, not enough to call them. */
    static String mask(String phone) {
        return phone.length() < 8 ? "****" : phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }

    private static String label(String name, String address) {
        return (name == null || name.isBlank() ? "" : name + " ") + address;
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
