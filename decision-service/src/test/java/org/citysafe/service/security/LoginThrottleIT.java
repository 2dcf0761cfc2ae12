package org.citysafe.service.security;

import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed logins through the service's real filter chain: past the free failures an account, and then the address,
 * is answered 429 with Retry-After, even with the right password. Its own application (the locks it sets would
 * lock out the other tests' address), with locks long enough that none runs out during the test.
 */
@TestPropertySource(properties = {"citysafe.security.logins.free-failures-per-account=2",
        "citysafe.security.logins.free-failures-per-address=6", "citysafe.security.logins.initial-lock=10m",
        "citysafe.security.logins.max-lock=10m"})
class LoginThrottleIT extends ServiceTestBase {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void guessingIsAnswered429WithRetryAfterPerAccountAndThenPerAddress() throws Exception {
        for (int i = 0; i < 2; i++) assertThat(status("expert", "guess-" + i)).isEqualTo(401);
        assertThat(expert.get("/api/v1/me").status()).as("the right password still passes").isEqualTo(200);
        // a success cleared the account's count
        for (int i = 0; i < 3; i++) assertThat(status("expert", "guess-" + i)).isEqualTo(401);
        HttpResponse<String> locked = send("expert", "expert-pw");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 600L);
        assertThat(locked.body()).contains("too many failed logins");
        assertThat(status("expert", "guess-9")).as("not even checked while locked").isEqualTo(429);
        assertThat(platform.get("/api/v1/me").status()).as("another account from the same address").isEqualTo(200);

        // five failures from this address so far (the one refused while locked was not tried); the seventh locks it
        assertThat(status("nobody-1", "x")).isEqualTo(401);
        assertThat(status("nobody-2", "x")).isEqualTo(401);
        assertThat(platform.get("/api/v1/me").status()).as("the address is locked for every account").isEqualTo(429);
        assertThat(new Api(port, "operator", "operator-pw").get("/api/v1/me").status()).isEqualTo(429);
        assertThat(anonymous.get("/actuator/health").status()).as("without credentials: not a login").isEqualTo(200);
    }

    private int status(String user, String password) throws Exception {
        return send(user, password).statusCode();
    }

    private HttpResponse<String> send(String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/me"))
                .header("Authorization", "Basic " + basic).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
