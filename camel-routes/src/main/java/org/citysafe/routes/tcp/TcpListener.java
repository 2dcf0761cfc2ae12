package org.citysafe.routes.tcp;

import java.util.Objects;

/**
 * One listening TCP port. Each port serves one kind of device configuration (vendor variant), so the options of a
 * protocol are chosen per listener.
 *
 * @param name a short name for route ids, peers and metrics ({@code standard}, {@code fuan-bcd})
 */
public record TcpListener(String name, String host, int port) {

    public TcpListener {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("listener name '" + name
                + "' may only use letters, digits, '.', '_' and '-'");
        host = host == null || host.isBlank() ? "0.0.0.0" : host;
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }

    /**
     * The Camel Netty endpoint: synchronous (each exchange's body, when not null, is the reply written back on the
     * same connection), our per-connection decoder, bytes out, no Java-serialisation default codec, and the
     * connection kept open when a frame needs no reply.
     */
    public String uri(String decoderBean, String encoderBean) {
        return "netty:tcp://" + host + ":" + port + "?sync=true&decoders=#" + decoderBean + "&encoders=#" + encoderBean
                + "&allowDefaultCodec=false&disconnectOnNoReply=false&noReplyLogLevel=OFF&reuseAddress=true"
                + "&keepAlive=true";
    }
}
