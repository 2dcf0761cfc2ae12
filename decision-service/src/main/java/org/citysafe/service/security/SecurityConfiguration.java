package org.citysafe.service.security;

import org.citysafe.service.CitysafeProperties;
import org.citysafe.service.registry.DistrictPath;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
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

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * HTTP Basic over the API with the roles of the design: PLATFORM (the operations platform), DEVICE (push
 * endpoints), OPERATOR (duty centre), EXPERT (rule authors), REGULATOR (district policy), OPS (whoever runs the
 * service: metrics and health details, which PLATFORM also sees). OPERATOR and REGULATOR accounts govern districts
 * ({@link DistrictScopes}). Accounts come from configuration only; passwords carry their encoding
 * ({@code {bcrypt}...}). Failed logins are slowed down per account and per address ({@link LoginThrottle}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

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
