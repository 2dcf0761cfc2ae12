package org.citysafe.service.notify;

/**
 * A composed message waiting in the outbox.
 *
 * @param deliveryId stable for this (alarm, run, loop, step, recipient): the same across retries and restarts
 * @param recipient  who it is for, as the timeline shows it (phone numbers masked)
 * @param body       the JSON sent as is
 */
public record OutboundMessage(String deliveryId, String alarmId, Long timerId, Channel channel, String recipientRole,
                              String recipient, String body) {
}
