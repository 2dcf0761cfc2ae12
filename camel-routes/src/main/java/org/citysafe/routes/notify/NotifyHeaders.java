package org.citysafe.routes.notify;

/**
 * Headers every outbound message carries, as HTTP request headers or Kafka record headers. The delivery id is also
 * in the body and stays the same across retries and restarts: a receiver that sees it twice drops the second.
 */
public final class NotifyHeaders {

    public static final String DELIVERY_ID = "X-Delivery-Id";
    public static final String ALARM_ID = "X-Alarm-Id";

    private NotifyHeaders() {
    }
}
