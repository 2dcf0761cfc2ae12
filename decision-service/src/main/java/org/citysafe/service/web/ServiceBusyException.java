package org.citysafe.service.web;

/** A shared resource (the rule compiler) stayed busy too long; answered with 503, worth retrying. */
public class ServiceBusyException extends RuntimeException {

    public ServiceBusyException(String message) {
        super(message);
    }
}
