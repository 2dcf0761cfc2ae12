package org.citysafe.routes.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Loads the recorded frames under {@code src/test/resources/frames}. */
public final class Frames {

    private Frames() {
    }

    /** {@code frames/gb26875/<name>.hex} as bytes. */
    public static byte[] gb26875(String name) {
        return Hex.parse(text("/frames/gb26875/" + name + ".hex"));
    }

    /** The packets in {@code frames/hj212/<name>.txt}, each with its CR LF. */
    public static List<byte[]> hj212All(String name) {
        return text("/frames/hj212/" + name + ".txt").lines()
                .filter(line -> !line.isBlank() && (line.startsWith("##") || !line.startsWith("#")))
                .map(line -> (line + "\r\n").getBytes(StandardCharsets.US_ASCII))
                .toList();
    }

    /** The single packet in {@code frames/hj212/<name>.txt}. */
    public static byte[] hj212(String name) {
        List<byte[]> packets = hj212All(name);
        if (packets.size() != 1) throw new IllegalStateException(name + " holds " + packets.size() + " packets");
        return packets.get(0);
    }

    private static String text(String resource) {
        try (InputStream in = Frames.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
