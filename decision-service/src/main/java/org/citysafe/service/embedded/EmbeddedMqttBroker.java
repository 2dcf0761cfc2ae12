package org.citysafe.service.embedded;

import io.moquette.broker.Server;
import io.moquette.broker.config.FluentConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** An in-process MQTT 3.1.1 broker (Moquette) for the no-setup default; production uses Mosquitto. */
public class EmbeddedMqttBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMqttBroker.class);
    private final Server server = new Server();
    private final String url;

    public EmbeddedMqttBroker(String host, int port) {
        try {
            server.startServer(new FluentConfig().host(host).port(port)
                    .dataPath(Files.createTempDirectory("citysafe-mqtt"))
                    .disablePersistence().allowAnonymous().disableTelemetry().build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded MQTT broker on " + host + ":" + port, e);
        }
        this.url = "tcp://" + host + ":" + port;
        log.info("Started embedded MQTT broker at {}", url);
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
