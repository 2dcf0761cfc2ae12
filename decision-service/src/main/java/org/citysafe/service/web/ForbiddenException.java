package org.citysafe.service.web;

/** The caller's role may do this, but not here (a regulator on another district's policy); answered with 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
