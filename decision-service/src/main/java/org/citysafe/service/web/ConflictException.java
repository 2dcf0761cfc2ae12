package org.citysafe.service.web;

/** The request clashes with the resource's state (an illegal alarm transition, editing a published version); 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
