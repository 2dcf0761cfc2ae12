package org.citysafe.service.embedded;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * An in-process MQTT 3.1.1 broker (Moquette) for the no-setup default; production uses Mosquitto. Without a
 * username it accepts anonymous clients (anyone who reaches its port may publish readings); with one
 * ({@code citysafe.embedded.mqtt.username}, {@code .password}) it accepts only that account.
 */
public class EmbeddedMqttBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMqttBroker.class);
    private final Server server = new Server();
    private final String url;

    public EmbeddedMqttBroker(String host, int port) {
        this(host, port, null, null);
    }

    /** @param username null or blank: anonymous clients are accepted */
    public EmbeddedMqttBroker(String host, int port, String username, String password) {
        try {
            Properties config = new Properties();
            config.setProperty("host", host);
            config.setProperty("port", Integer.toString(port));
            Path data = Files.createTempDirectory("citysafe-mqtt");
            config.setProperty("data_path", data.toString());
            config.setProperty("persistence_enabled", "false");
            boolean anonymous = username == null || username.isBlank();
            config.setProperty("allow_anonymous", Boolean.toString(anonymous));
            if (!anonymous) {
                // Moquette's password file: one "username:sha256-hex(password)" line per account
                Path passwords = data.resolve("passwords");
                Files.writeString(passwords, username + ":" + HexFormat.of().formatHex(MessageDigest
                        .getInstance("SHA-256").digest((password == null ? "" : password)
                                .getBytes(StandardCharsets.UTF_8))) + "\n");
                config.setProperty("password_file", passwords.toString());
            }
            // mosquitto_pub 2.x and other MQTT 3.1.1 clients may let the broker assign the client id
            config.setProperty("allow_zero_byte_client_id", "true");
            config.setProperty("telemetry_enabled", "false");
            // Moquette closes the connection on a message above 8 KB by default; a gateway's batch of a few hundred
            // readings is larger, and the ingest limit (citysafe.ingest.max-body-bytes) is 1 MB
            config.setProperty("netty.mqtt.message_size", Integer.toString(1 << 20));
            server.startServer(new MemoryConfig(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded MQTT broker on " + host + ":" + port, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
