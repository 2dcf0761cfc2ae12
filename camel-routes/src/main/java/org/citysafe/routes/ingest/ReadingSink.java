package org.citysafe.routes.ingest;

import org.citysafe.rules.Decision;

import java.util.List;

/**
 * Where every inbound route delivers what it decoded: the decision path of the service. Routes stay free of
 * persistence and rules; the service stays free of wire formats.
 */
public interface ReadingSink {

    /**
     * Decides a batch. Refused elements come back as REJECTED decisions in their place; accepted ones are decided,
     * stored and raise alarms. Returns once everything is stored, so a route may acknowledge its transport then.
     *
     * @param route the inbound path (mqtt, http, kafka, gb26875, hj212)
     * @param peer  who sent it: client id, remote address, topic
     */
    List<Decision> submit(String route, String peer, List<ParsedReading> readings);

    /** Keeps input that could not be decoded at all, with the reason, for inspection. */
    void refuse(String route, String peer, byte[] raw, String reason);
}
