package org.citysafe.service.embedded;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;

/** An in-process MQTT 3.1.1 broker (Moquette) for the no-setup default; production uses Mosquitto. */
public class EmbeddedMqttBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMqttBroker.class);
    private final Server server = new Server();
    private final String url;

    public EmbeddedMqttBroker(String host, int port) {
        try {
            Properties config = new Properties();
            config.setProperty("host", host);
            config.setProperty("port", Integer.toString(port));
            config.setProperty("data_path", Files.createTempDirectory("citysafe-mqtt").toString());
            config.setProperty("persistence_enabled", "false");
            config.setProperty("allow_anonymous", "true");
            // mosquitto_pub 2.x and other MQTT 3.1.1 clients may let the broker assign the client id
            config.setProperty("allow_zero_byte_client_id", "true");
            config.setProperty("telemetry_enabled", "false");
            // Moquette closes the connection on a message above 8 KB by default; a gateway's batch of a few hundred
            // readings is larger, and the ingest limit (citysafe.ingest.max-body-bytes) is 1 MB
            config.setProperty("netty.mqtt.message_size", Integer.toString(1 << 20));
            server.startServer(new MemoryConfig(config));
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
