package org.citysafe.routes.ingest;

/** The body as a whole cannot be read (not JSON, wrong shape, too large): no element of it can be decided. */
public class MalformedBodyException extends RuntimeException {

    public MalformedBodyException(String message) {
        super(message);
    }

    public MalformedBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
