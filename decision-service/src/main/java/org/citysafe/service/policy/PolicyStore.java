package org.citysafe.service.policy;

import org.citysafe.service.lifecycle.Lifecycle.Stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Policy versions per scope and their audit trail in PostgreSQL. */
@Repository
public class PolicyStore {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public PolicyStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Serialises changes to one scope's versions across instances, until the transaction ends. */
    public void lock(String scope) {
        jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended('citysafe.policy:' || ?, 0))",
                Object.class, scope);
    }

    // live: the published version with the latest effective time that has come, per scope
    private static final String COLUMNS = """
            v.*, (v.id = (select l.id from policy_version l where l.scope = v.scope and l.status = 'PUBLISHED'
                           and l.effective_at <= now() order by l.effective_at desc, l.version desc limit 1)) as live
            from policy_version v
            """;

    private final RowMapper<PolicyVersion> row = (rs, i) -> new PolicyVersion(rs.getLong("id"), rs.getString("scope"),
            rs.getInt("version"), Stage.valueOf(rs.getString("status")), rs.getBoolean("live"),
            "PUBLISHED".equals(rs.getString("status")) && rs.getTimestamp("effective_at").toInstant().isAfter(Instant.now()),
            read(rs.getString("document")), rs.getString("author"), rs.getString("comment"),
            (Integer) rs.getObject("based_on"), instant(rs, "created_at"), instant(rs, "updated_at"),
            rs.getString("preview") == null ? null : read(rs.getString("preview")), instant(rs, "approved_at"),
            rs.getString("approved_by"), instant(rs, "published_at"), rs.getString("published_by"),
            instant(rs, "effective_at"));

    public Optional<PolicyVersion> find(long id) {
        return jdbc.query("select " + COLUMNS + " where v.id = ?", row, id).stream().findFirst();
    }

    public Optional<PolicyVersion> find(String scope, int version) {
        return jdbc.query("select " + COLUMNS + " where v.scope = ? and v.version = ?", row, scope, version)
                .stream().findFirst();
    }

    /** Every version, newest first per scope, scopes in path order. */
    public List<PolicyVersion> all() {
        return jdbc.query("select " + COLUMNS + " order by v.scope, v.version desc", row);
    }

    public List<PolicyVersion> versions(String scope) {
        return jdbc.query("select " + COLUMNS + " where v.scope = ? order by v.version desc", row, scope);
    }

    /** The version in force now for every scope that has one. */
    public List<PolicyVersion> live() {
        return jdbc.query("""
                select * from (select distinct on (v.scope) v.*, true as live from policy_version v
                               where v.status = 'PUBLISHED' and v.effective_at <= now()
                               order by v.scope, v.effective_at desc, v.version desc) v order by v.scope
                """, row);
    }

    /** The earliest effective time still to come, for a scheduled publication. */
    public Optional<Instant> nextEffectiveAt() {
        Timestamp t = jdbc.queryForObject("select min(effective_at) from policy_version where status = 'PUBLISHED' "
                + "and effective_at > now()", Timestamp.class);
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }

    /** A fingerprint of what is published: changes whenever a version is published anywhere. */
    public long publishedCount() {
        Long n = jdbc.queryForObject("select count(*) from policy_version where status = 'PUBLISHED'", Long.class);
        return n == null ? 0 : n;
    }

    public long insert(String scope, JsonNode document, String author, String comment, Integer basedOn) {
        Integer next = jdbc.queryForObject("select coalesce(max(version), 0) + 1 from policy_version where scope = ?",
                Integer.class, scope);
        return jdbc.queryForObject("""
                insert into policy_version (scope, version, status, document, author, comment, based_on)
                values (?, ?, 'DRAFT', ?::jsonb, ?, ?, ?) returning id
                """, Long.class, scope, next, write(document), author, comment, basedOn);
    }

    public void updateDraft(long id, JsonNode document, String comment) {
        jdbc.update("""
                update policy_version set document = ?::jsonb, comment = coalesce(?, comment), status = 'DRAFT',
                       preview = null, approved_at = null, approved_by = null, updated_at = now()
                where id = ?
                """, write(document), comment, id);
    }

    public void setStatus(long id, Stage status) {
        jdbc.update("update policy_version set status = ?, updated_at = now() where id = ?", status.name(), id);
    }

    public void setPreview(long id, Object summary) {
        jdbc.update("update policy_version set preview = ?::jsonb, status = 'PREVIEWED', updated_at = now() where id = ?",
                write(summary), id);
    }

    public void approve(long id, String by) {
        jdbc.update("update policy_version set status = 'APPROVED', approved_at = now(), approved_by = ?, "
                + "updated_at = now() where id = ?", by, id);
    }

    public void publish(long id, String by, String why, Instant effectiveAt) {
        jdbc.update("""
                update policy_version set status = 'PUBLISHED', published_at = now(), published_by = ?,
                       comment = coalesce(?, comment), effective_at = coalesce(?, now()), updated_at = now()
                where id = ?
                """, by, why, effectiveAt == null ? null : Timestamp.from(effectiveAt), id);
    }

    public void audit(String actor, String action, String scope, Integer version, String comment, Object detail) {
        jdbc.update("""
                insert into policy_audit (actor, action, scope, version, comment, detail) values (?, ?, ?, ?, ?, ?::jsonb)
                """, actor, action, scope, version, comment, detail == null ? null : write(detail));
    }

    /** Newest first; every scope when {@code scope} is null. */
    public List<PolicyAuditEntry> audit(String scope, int limit) {
        RowMapper<PolicyAuditEntry> r = (rs, i) -> new PolicyAuditEntry(rs.getLong("id"), instant(rs, "at"),
                rs.getString("actor"), rs.getString("action"), rs.getString("scope"), (Integer) rs.getObject("version"),
                rs.getString("comment"), rs.getString("detail") == null ? null : read(rs.getString("detail")));
        return scope == null
                ? jdbc.query("select * from policy_audit order by id desc limit ?", r, limit)
                : jdbc.query("select * from policy_audit where scope = ? order by id desc limit ?", r, scope, limit);
    }

    /** Whether devices were ever registered in this district (or it is an ancestor of one). */
    public boolean districtExists(String path) {
        Boolean exists = jdbc.queryForObject("select exists(select 1 from district where path = ?)", Boolean.class, path);
        return Boolean.TRUE.equals(exists);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("policy store holds malformed JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
