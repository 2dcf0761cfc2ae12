package org.citysafe.service.web;

/** The request clashes with the resource's state (editing a published version); answered with 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
