package org.citysafe.service.registry;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The district hierarchy (city/district/street/community), grown from registered devices' paths. */
@RestController
@RequestMapping("/api/v1/districts")
public class DistrictController {

    private final JdbcTemplate jdbc;

    private final DistrictAccess scopes;

    public DistrictController(JdbcTemplate jdbc, DistrictAccess scopes) {
        this.jdbc = jdbc;
        this.scopes = scopes;
    }

    /** @param deviceCount devices registered in this district and below it */
    public record District(String path, String name, String level, String parentPath, long deviceCount) {
    }

    /** A district-scoped account sees its districts, what is below them and the districts above them. */
    @GetMapping
    public List<District> list(Authentication who) {
        return jdbc.query("""
                select d.path, d.name, d.level, d.parent_path,
                       (select count(*) from device v where v.district_path = d.path or starts_with(v.district_path, d.path || '/')) as devices
                from district d order by d.path
                """, (rs, i) -> new District(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5))).stream().filter(d -> scopes.canRead(who, d.path())).toList();
    }
}
