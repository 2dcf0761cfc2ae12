package org.citysafe.service.security;

import org.citysafe.service.CitysafeProperties;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Who is calling: the web pages use it to check a login and to show each role only what it may do. */
@RestController
public class MeController {

    private final CitysafeProperties properties;

    public MeController(CitysafeProperties properties) {
        this.properties = properties;
    }

    /** @param districts the district paths a REGULATOR governs; empty for other roles */
    public record Me(String username, List<String> roles, List<String> districts) {
    }

    @GetMapping("/api/v1/me")
    public Me me(Authentication authentication) {
        List<String> roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).sorted().toList();
        List<String> districts = properties.security().users().stream()
                .filter(u -> u.username().equals(authentication.getName()))
                .map(u -> u.districts() == null ? List.<String>of() : u.districts()).findFirst().orElse(List.of());
        return new Me(authentication.getName(), roles, districts);
    }
}
