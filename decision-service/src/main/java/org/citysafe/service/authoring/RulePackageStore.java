package org.citysafe.service.authoring;

import org.citysafe.service.lifecycle.Lifecycle.Stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rule packages, their versions, test cases, revisions and audit trail in PostgreSQL. */
@Repository
public class RulePackageStore {

    private static final TypeReference<List<RuleFile>> FILES = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, Integer>> PACKAGES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public RulePackageStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Serialises changes to the repository across instances, until the transaction ends. */
    public void lock() {
        jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended('citysafe.rule-repository', 0))",
                Object.class);
    }

    public record PackageRow(String name, String title, Integer publishedVersion) {
    }

    public List<PackageRow> packages() {
        return jdbc.query("select name, title, published_version from rule_package order by name",
                (rs, i) -> new PackageRow(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3)));
    }

    public Optional<PackageRow> findPackage(String name) {
        return jdbc.query("select name, title, published_version from rule_package where name = ?",
                (rs, i) -> new PackageRow(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3)), name)
                .stream().findFirst();
    }

    public void createPackage(String name, String title) {
        jdbc.update("insert into rule_package (name, title) values (?, ?)", name, title);
    }

    public void setPublishedVersion(String name, int version) {
        jdbc.update("update rule_package set published_version = ? where name = ?", version, name);
    }

    private RowMapper<RuleVersion> versionRow(boolean withFiles) {
        return (rs, i) -> new RuleVersion(rs.getString("package_name"), rs.getInt("version"),
                Stage.valueOf(rs.getString("status")), rs.getBoolean("live"), rs.getString("author"),
                rs.getString("comment"), (Integer) rs.getObject("based_on"), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "published_at"), rs.getString("published_by"),
                withFiles ? read(rs.getString("files"), FILES) : List.of());
    }

    private static final String VERSION_COLUMNS = """
            v.package_name, v.version, v.status, v.author, v.comment, v.based_on, v.created_at, v.updated_at,
            v.published_at, v.published_by, v.files, (p.published_version = v.version) as live
            from rule_package_version v join rule_package p on p.name = v.package_name
            """;

    /** Versions of a package, newest first, without their files. */
    public List<RuleVersion> versions(String name) {
        return jdbc.query("select " + VERSION_COLUMNS + " where v.package_name = ? order by v.version desc",
                versionRow(false), name);
    }

    public Optional<RuleVersion> findVersion(String name, int version) {
        return jdbc.query("select " + VERSION_COLUMNS + " where v.package_name = ? and v.version = ?",
                versionRow(true), name, version).stream().findFirst();
    }

    /** The live version of every package that has one, with files. */
    public List<RuleVersion> publishedVersions() {
        return jdbc.query("select " + VERSION_COLUMNS + " where p.published_version = v.version order by v.package_name",
                versionRow(true));
    }

    /** The newest version written by the given author (the bundle importer), with files. */
    public Optional<RuleVersion> latestBy(String name, String author) {
        return jdbc.query("select " + VERSION_COLUMNS + " where v.package_name = ? and v.author = ? "
                + "order by v.version desc limit 1", versionRow(true), name, author).stream().findFirst();
    }

    public int insertVersion(String name, Stage status, List<RuleFile> files, String author, String comment,
                             Integer basedOn) {
        Integer next = jdbc.queryForObject(
                "select coalesce(max(version), 0) + 1 from rule_package_version where package_name = ?",
                Integer.class, name);
        jdbc.update("""
                insert into rule_package_version (package_name, version, status, files, author, comment, based_on)
                values (?, ?, ?, ?::jsonb, ?, ?, ?)
                """, name, next, status.name(), write(files), author, comment, basedOn);
        return next;
    }

    public void updateDraft(String name, int version, List<RuleFile> files, String comment) {
        jdbc.update("""
                update rule_package_version set files = ?::jsonb, comment = coalesce(?, comment), status = 'DRAFT',
                                                updated_at = now()
                where package_name = ? and version = ?
                """, write(files), comment, name, version);
    }

    public void setStatus(String name, int version, Stage status) {
        jdbc.update("update rule_package_version set status = ?, updated_at = now() where package_name = ? and version = ?",
                status.name(), name, version);
    }

    /** @param why the reason given for publishing; it becomes the version's comment (null keeps the draft's) */
    public void markPublished(String name, int version, String by, String why) {
        jdbc.update("""
                update rule_package_version set status = 'PUBLISHED', published_at = now(), published_by = ?,
                                                comment = coalesce(?, comment), updated_at = now()
                where package_name = ? and version = ?
                """, by, why, name, version);
        setPublishedVersion(name, version);
    }

    public long insertRevision(Map<String, Integer> packages, String by, String comment) {
        return jdbc.queryForObject("""
                insert into rule_revision (packages, published_by, comment) values (?::jsonb, ?, ?) returning revision
                """, Long.class, write(packages), by, comment);
    }

    public Optional<RuleRevision> latestRevision() {
        return jdbc.query("select * from rule_revision order by revision desc limit 1", revisionRow())
                .stream().findFirst();
    }

    public long latestRevisionNumber() {
        Long n = jdbc.queryForObject("select max(revision) from rule_revision", Long.class);
        return n == null ? 0 : n;
    }

    public List<RuleRevision> revisions(int limit) {
        return jdbc.query("select * from rule_revision order by revision desc limit ?", revisionRow(), limit);
    }

    private RowMapper<RuleRevision> revisionRow() {
        return (rs, i) -> new RuleRevision(rs.getLong("revision"), read(rs.getString("packages"), PACKAGES),
                instant(rs, "published_at"), rs.getString("published_by"), rs.getString("comment"));
    }

    public void audit(String actor, String action, String packageName, Integer version, Long revision,
                      String comment, Object detail) {
        jdbc.update("""
                insert into rule_audit (actor, action, package_name, version, revision, comment, detail)
                values (?, ?, ?, ?, ?, ?, ?::jsonb)
                """, actor, action, packageName, version, revision, comment, detail == null ? null : write(detail));
    }

    /** Newest first; all packages when {@code packageName} is null. */
    public List<RuleAuditEntry> audit(String packageName, int limit) {
        RowMapper<RuleAuditEntry> row = (rs, i) -> new RuleAuditEntry(rs.getLong("id"), instant(rs, "at"),
                rs.getString("actor"), rs.getString("action"), rs.getString("package_name"),
                (Integer) rs.getObject("version"), (Long) rs.getObject("revision"), rs.getString("comment"),
                rs.getString("detail") == null ? null : read(rs.getString("detail"), new TypeReference<JsonNode>() {
                }));
        return packageName == null
                ? jdbc.query("select * from rule_audit order by id desc limit ?", row, limit)
                : jdbc.query("select * from rule_audit where package_name = ? order by id desc limit ?", row,
                packageName, limit);
    }

    public record StoredTestCase(long id, String name, JsonNode body, String author, Instant updatedAt) {
    }

    public List<StoredTestCase> testCases(String packageName) {
        return jdbc.query("select * from rule_test_case where package_name = ? order by name",
                (rs, i) -> new StoredTestCase(rs.getLong("id"), rs.getString("name"),
                        read(rs.getString("body"), new TypeReference<JsonNode>() {
                        }), rs.getString("author"), instant(rs, "updated_at")), packageName);
    }

    public void saveTestCase(String packageName, String name, Object body, String author) {
        jdbc.update("""
                insert into rule_test_case (package_name, name, body, author) values (?, ?, ?::jsonb, ?)
                on conflict (package_name, name) do update set body = excluded.body, author = excluded.author,
                                                               updated_at = now()
                """, packageName, name, write(body), author);
    }

    public boolean deleteTestCase(String packageName, String name) {
        return jdbc.update("delete from rule_test_case where package_name = ? and name = ?", packageName, name) > 0;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rule repository holds malformed JSON", e);
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
