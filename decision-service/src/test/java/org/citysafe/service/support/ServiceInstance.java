package org.citysafe.service.support;

import org.citysafe.service.DecisionServiceApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One more instance of the service, started in this JVM with {@link SpringApplicationBuilder} against a database
 * the test chooses: a second instance beside the shared test application, or the instances before and after a
 * restart. It runs with the settings of {@link ServiceTestBase} (short chains, the same receivers and accounts), without
 * MQTT and Kafka ingest.
 */
public final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /**
     * @param name      the instance's name in delivery records ({@code citysafe.notify.instance})
     * @param jdbcUrl   the database it shares with other instances
     * @param opsCentreTopic the operations centre's topic on the test Kafka; null: no operations centre
     * @param overrides further settings, e.g. longer waits
     */
    public static ServiceInstance start(String name, String jdbcUrl, String username, String password,
                                        String opsCentreTopic, Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String p : ServiceTestBase.class.getAnnotation(SpringBootTest.class).properties()) {
            int eq = p.indexOf('=');
            properties.put(p.substring(0, eq), p.substring(eq + 1));
        }
        properties.put("server.port", "0");
        properties.put("spring.datasource.url", jdbcUrl);
        if (username != null) properties.put("spring.datasource.username", username); // else it is in the URL
        if (password != null) properties.put("spring.datasource.password", password);
        properties.put("citysafe.mqtt.enabled", "false");
        properties.put("citysafe.kafka.enabled", "false");
        properties.put("citysafe.notify.instance", name);
        properties.put("citysafe.notify.gateway.url", TestInfrastructure.GATEWAY.url());
        properties.put("citysafe.notify.duty-centre.url", TestInfrastructure.DUTY_CENTRE.url());
        properties.put("citysafe.notify.fire-119.url", TestInfrastructure.FIRE_119.url());
        properties.put("citysafe.notify.fire-119.token", TestInfrastructure.FIRE_119_TOKEN);
        if (opsCentreTopic != null) {
            properties.put("citysafe.notify.ops-centre.brokers", TestInfrastructure.kafka().getBrokersAsString());
            properties.put("citysafe.notify.ops-centre.topic", opsCentreTopic);
        } else {
            properties.put("citysafe.notify.ops-centre.brokers", "");
        }
        properties.putAll(overrides);
        // as command-line arguments: they must win over application.yml (builder properties are only defaults)
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new ServiceInstance(new SpringApplicationBuilder(DecisionServiceApplication.class).run(args));
    }

    public Api platform() {
        return new Api(port, "platform", "platform-pw");
    }

    public Api operator() {
        return new Api(port, "operator", "operator-pw");
    }

    /** Stops as a deployment stops it: gracefully, workers first. */
    @Override
    public void close() {
        context.close();
    }
}
