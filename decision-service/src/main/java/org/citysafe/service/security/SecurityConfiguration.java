package org.citysafe.service.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.citysafe.service.CitysafeProperties;
import org.citysafe.service.registry.DistrictPath;
import org.citysafe.service.registry.Identifiers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.citysafe.service.web.ApiError;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * HTTP Basic over the API with the roles of the design: PLATFORM (the operations platform), DEVICE (push
 * endpoints), OPERATOR (duty centre), EXPERT (rule authors), REGULATOR (district policy), OPS (whoever runs the
 * service: metrics and health details, which PLATFORM also sees). OPERATOR and REGULATOR accounts govern districts
 * ({@link DistrictScopes}). Accounts come from configuration only; passwords carry their encoding
 * ({@code {bcrypt}...}). Failed logins are slowed down per account and per address ({@link LoginThrottle}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final ObjectMapper ERRORS = new ObjectMapper();
    static final Set<String> ROLES = Set.of("PLATFORM", "DEVICE", "OPERATOR", "EXPERT", "REGULATOR", "OPS");

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(CitysafeProperties properties) {
        List<CitysafeProperties.User> configured = properties.security().users();
        if (configured.isEmpty()) {
            throw new IllegalStateException("No accounts are configured (citysafe.security.users). Configure them "
                    + "as README.md describes, or try the service with the 'demo' profile.");
        }
        List<UserDetails> users = configured.stream().map(u -> {
            if (u.roles() == null || u.roles().isEmpty() || !ROLES.containsAll(u.roles())) {
                throw new IllegalStateException("account '" + u.username() + "' needs roles from " + ROLES
                        + ", has " + u.roles());
            }
            String nameProblem = Identifiers.idProblem("username", u.username());
            if (nameProblem != null) throw new IllegalStateException("account: " + nameProblem);
            boolean scoped = u.roles().contains("OPERATOR") || u.roles().contains("REGULATOR")
                    || properties.security().scopePlatform() && u.roles().contains("PLATFORM");
            if (scoped && (u.districts() == null || u.districts().isEmpty())) {
                throw new IllegalStateException("account '" + u.username() + "' (" + u.roles() + ") sees only its "
                        + "districts and has none: set its districts (the city's path for the whole city)");
            }
            for (String d : u.districts() == null ? List.<String>of() : u.districts()) {
                String problem = DistrictPath.problem(d);
                if (problem != null) {
                    throw new IllegalStateException("account '" + u.username() + "': districts: " + problem);
                }
            }
            return User.withUsername(u.username()).password(u.password())
                    .roles(u.roles().toArray(String[]::new)).build();
        }).toList();
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    AuthenticationManager authenticationManager(UserDetailsService users, PasswordEncoder passwordEncoder, Clock clock) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(passwordEncoder);
        return new ProviderManager(new CachingAuthenticationProvider(dao, Duration.ofMinutes(5), clock));
    }

    /** A 403 of the role checks says who was refused what, as every other error answer does. */
    private static void denied(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        HttpStatus status = HttpStatus.FORBIDDEN;
        String who = request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
        String roles = SecurityContextHolder.getContext().getAuthentication() == null ? "none"
                : SecurityContextHolder.getContext().getAuthentication().getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).map(a -> a.replaceFirst("^ROLE_", "")).sorted()
                .collect(Collectors.joining(", "));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(ERRORS.writeValueAsBytes(new ApiError(status.value(),
                status.getReasonPhrase(), who + " (" + roles + ") may not " + request.getMethod() + " "
                + request.getRequestURI() + ": README.md, 'Who may do what', lists the roles of each resource",
                List.of())));
    }

    @Bean
    LoginThrottle loginThrottle(CitysafeProperties properties, Clock clock) {
        return new LoginThrottle(properties.security().logins(), clock);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthenticationManager authenticationManager, LoginThrottle throttle)
            throws Exception {
        http.authenticationManager(authenticationManager)
                .addFilterBefore(new LoginThrottleFilter(throttle), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .exceptionHandling(e -> e.accessDeniedHandler(SecurityConfiguration::denied))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(Customizer.withDefaults())
                .authorizeHttpRequests(auth -> auth
                        // health for everyone (its details only for PLATFORM and OPS: management.endpoint.health.roles)
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/v3/api-docs/**",
                                "/ui/**", "/error")
                        .permitAll()
                        .requestMatchers("/actuator/**").hasAnyRole("PLATFORM", "OPS")
                        .requestMatchers("/webjars/**").permitAll()
                        // platforms push with their own signature or token, checked per platform by PushController
                        .requestMatchers(HttpMethod.POST, "/api/v1/push/**").permitAll()
                        // rule authoring: experts write, regulators read (policy is theirs, logic the experts')
                        .requestMatchers(HttpMethod.GET, "/api/v1/rule-packages/**", "/api/v1/rule-revisions/**",
                                "/api/v1/rule-audit/**", "/api/v1/rule-authoring/**").hasAnyRole("EXPERT", "REGULATOR")
                        .requestMatchers("/api/v1/rule-packages/**", "/api/v1/rule-authoring/**").hasRole("EXPERT")
                        // district policy: regulators write (within their districts, DistrictScopes), others read
                        .requestMatchers(HttpMethod.GET, "/api/v1/policies/**")
                        .hasAnyRole("REGULATOR", "EXPERT", "OPERATOR")
                        .requestMatchers("/api/v1/policies/**").hasRole("REGULATOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/decisions", "/api/v1/readings")
                        .hasAnyRole("PLATFORM", "DEVICE")
                        .requestMatchers(HttpMethod.POST, "/api/v1/devices", "/api/v1/assets").hasRole("PLATFORM")
                        .requestMatchers(HttpMethod.GET, "/api/v1/assets/**")
                        .hasAnyRole("PLATFORM", "OPERATOR", "REGULATOR", "EXPERT")
                        .requestMatchers(HttpMethod.GET, "/api/v1/devices/**", "/api/v1/districts/**")
                        .hasAnyRole("PLATFORM", "OPERATOR", "REGULATOR", "EXPERT")
                        .requestMatchers(HttpMethod.GET, "/api/v1/alarms/**")
                        .hasAnyRole("PLATFORM", "OPERATOR", "REGULATOR")
                        .requestMatchers("/api/v1/alarms/**").hasRole("OPERATOR")
                        .requestMatchers("/api/v1/silences/**").hasAnyRole("OPERATOR", "REGULATOR")
                        .requestMatchers("/api/v1/dead-letters/**").hasAnyRole("PLATFORM", "OPERATOR", "EXPERT")
                        .anyRequest().authenticated());
        return http.build();
    }
}
