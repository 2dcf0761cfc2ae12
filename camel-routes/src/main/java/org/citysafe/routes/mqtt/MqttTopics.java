package org.citysafe.routes.mqtt;

/**
 * The MQTT topic scheme for readings, under a configurable prefix (default {@code citysafe/v1}):
 * <ul>
 *   <li>{@code <prefix>/devices/<deviceId>/readings}: a device publishes its own readings; a deviceId inside the
 *       payload may be omitted and must match the topic when present;</li>
 *   <li>{@code <prefix>/gateways/<gatewayId>/readings}: a gateway publishes readings of many devices, each with
 *       its deviceId.</li>
 * </ul>
 */
public record MqttTopics(String prefix) {

    public MqttTopics {
        prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    /** The subscription that covers both kinds of topic. */
    public String subscription() {
        return prefix + "/+/+/readings";
    }

    public String deviceTopic(String deviceId) {
        return prefix + "/devices/" + deviceId + "/readings";
    }

    public String gatewayTopic(String gatewayId) {
        return prefix + "/gateways/" + gatewayId + "/readings";
    }

    /** The device a topic is for, or null for a gateway topic (its payload names the devices). */
    public String deviceOf(String topic) {
        String rest = topic.startsWith(prefix + "/") ? topic.substring(prefix.length() + 1) : topic;
        String[] parts = rest.split("/");
        return parts.length == 3 && parts[0].equals("devices") ? parts[1] : null;
    }
}
