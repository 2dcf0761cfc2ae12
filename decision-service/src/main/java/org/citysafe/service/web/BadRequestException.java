package org.citysafe.service.web;

import java.util.List;

/** The request as a whole cannot be used; answered with 400 and the details. */
public class BadRequestException extends RuntimeException {

    private final List<String> details;

    public BadRequestException(String message) {
        this(message, List.of());
    }

    public BadRequestException(String message, List<String> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    public List<String> details() {
        return details;
    }
}
