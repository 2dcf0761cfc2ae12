package org.citysafe.service.deadletter;

import io.micrometer.core.instrument.MeterRegistry;
import org.citysafe.routes.codec.Hex;
import org.citysafe.service.metrics.IngestMeters;
import org.citysafe.service.registry.Identifiers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

@Repository
public class DeadLetterStore {

    private final JdbcTemplate jdbc;
    private final IngestMeters meters;

    public DeadLetterStore(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = new IngestMeters(meters);
    }

    public record Refusal(String route, String peer, String reason, String deviceId, String messageId, byte[] payload) {
    }

    public void store(Refusal refusal) {
        storeAll(List.of(refusal));
    }

    public void storeAll(List<Refusal> refusals) {
        if (refusals.isEmpty()) return;
        jdbc.batchUpdate("insert into dead_letter (route, peer, reason, device_id, message_id, payload) values (?, ?, ?, ?, ?, ?)",
                refusals, refusals.size(), (ps, r) -> {
                    // whatever arrived is kept as it came in the payload; the text columns hold no NUL or control
                    // character, which PostgreSQL would refuse and a console would not show
                    ps.setString(1, Identifiers.printable(r.route()));
                    ps.setString(2, Identifiers.printable(r.peer()));
                    ps.setString(3, Identifiers.printable(r.reason()));
                    ps.setString(4, Identifiers.printable(r.deviceId()));
                    ps.setString(5, Identifiers.printable(r.messageId()));
                    ps.setBytes(6, r.payload() == null ? new byte[0] : r.payload());
                });
        refusals.forEach(r -> meters.refused(r.route(), 1));
    }

    public List<DeadLetter> recent(String route, int limit) {
        List<Object> args = new ArrayList<>();
        String where = "";
        if (route != null && !route.isBlank()) {
            where = "where route = ?";
            args.add(route);
        }
        args.add(limit);
        return jdbc.query("select * from dead_letter " + where + " order by id desc limit ?", (rs, i) -> {
            byte[] payload = rs.getBytes("payload");
            String text = asText(payload);
            return new DeadLetter(rs.getLong("id"), rs.getTimestamp("received_at").toInstant(), rs.getString("route"),
                    rs.getString("peer"), rs.getString("reason"), rs.getString("device_id"),
                    rs.getString("message_id"), text != null ? text : Base64.getEncoder().encodeToString(payload),
                    text != null ? "utf-8" : "base64",
                    payload.length <= DeadLetter.MAX_HEX_BYTES ? Hex.spaced(payload) : null);
        }, args.toArray());
    }

    /**
     * The payload as text when it is text: valid UTF-8 with no control characters but tab, CR and LF. A binary frame
     * (a GB/T 26875.3 frame always carries NUL bytes) is shown as base64 even when its bytes happen to decode.
     */
    static String asText(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n') return null;
        }
        return text;
    }
}
