package org.citysafe.service.web;

/** The request is understood but the resource's state does not allow it (an illegal alarm transition); 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
