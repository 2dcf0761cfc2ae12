package org.citysafe.routes.notify;

/** SMS and WeChat mini-program notices to owners, safety managers, grid officers and property management. */
public class MessagingGatewayRoute extends JsonPostRoute {

    public static final String ENDPOINT = "direct:notify-messaging-gateway";

    public MessagingGatewayRoute(HttpReceiver gateway) {
        super(ENDPOINT, "notify-messaging-gateway", gateway);
    }
}
