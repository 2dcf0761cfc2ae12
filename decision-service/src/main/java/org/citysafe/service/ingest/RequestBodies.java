package org.citysafe.service.ingest;

import jakarta.servlet.http.HttpServletRequest;
import org.citysafe.service.web.PayloadTooLargeException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a request body up to a limit, so that an oversized body is refused instead of filling the heap. */
final class RequestBodies {

    private RequestBodies() {
    }

    /** The body, or a {@link PayloadTooLargeException} carrying the first bytes for the dead-letter store. */
    static byte[] read(HttpServletRequest request, long limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw new TooLarge(declared, limit, new byte[0]);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (body.length > limit) throw new TooLarge(-1, limit, Arrays.copyOf(body, (int) Math.min(body.length, 4096)));
            return body;
        }
    }

    static final class TooLarge extends PayloadTooLargeException {
        final byte[] head;

        TooLarge(long declared, long limit, byte[] head) {
            super("body " + (declared > 0 ? "of " + declared + " bytes " : "") + "exceeds the limit of " + limit
                    + " bytes; split the batch");
            this.head = head;
        }
    }
}
