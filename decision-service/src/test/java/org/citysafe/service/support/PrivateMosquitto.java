package org.citysafe.service.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of the test's own (the machine's binary, a free port, a temporary directory, persistence on), so that a
 * test may restart a real broker without disturbing anyone else's. Optionally with a password file and an ACL.
 */
public final class PrivateMosquitto implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private Process process;

    private PrivateMosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** @param extraConfig more mosquitto.conf lines, e.g. {@code password_file} and {@code acl_file} */
    public static PrivateMosquitto start(String extraConfig) {
        try {
            Path dir = Files.createTempDirectory("citysafe-mosquitto");
            // started as root, mosquitto drops to its own user: it must be able to write its database here
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Files.writeString(dir.resolve("mosquitto.conf"), """
                    listener %d 127.0.0.1
                    allow_anonymous %s
                    persistence true
                    persistence_location %s/
                    autosave_interval 0
                    max_inflight_messages 20
                    max_queued_messages 100000
                    log_dest stdout
                    %s
                    """.formatted(port, extraConfig.contains("password_file") ? "false" : "true", dir,
                    extraConfig));
            PrivateMosquitto broker = new PrivateMosquitto(dir, port);
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Stops the broker as an operator would (SIGTERM: it saves its sessions and queues), then starts it again. */
    public void restart() {
        stop();
        launch();
    }

    private void launch() {
        try {
            process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                try (Socket ignored = new Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    if (!process.isAlive()) break;
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("mosquitto did not start; see " + dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
