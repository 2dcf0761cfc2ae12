package org.citysafe.routes.notify;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpEndpoint;

/**
 * Posts a JSON message (the exchange body, as composed by the service) to an HTTP receiver, with the delivery id
 * and alarm id as headers. Only those headers leave the service. A status outside 2xx, a timeout or a refused
 * connection fails the exchange back to the caller: retries with backoff are the outbox's, durable across restarts,
 * so there is no redelivery here that could hide an attempt or outlive the process (the HTTP client's own retries,
 * e.g. on 503, are turned off for the same reason).
 */
abstract class JsonPostRoute extends RouteBuilder {

    private final String endpoint;
    private final String routeId;
    private final HttpReceiver receiver;

    JsonPostRoute(String endpoint, String routeId, HttpReceiver receiver) {
        this.endpoint = endpoint;
        this.routeId = routeId;
        this.receiver = receiver;
    }

    @Override
    public void configure() {
        String authorization = receiver.authorization();
        var route = from(endpoint).routeId(routeId)
                .errorHandler(noErrorHandler())
                .removeHeaders("*", NotifyHeaders.DELIVERY_ID, NotifyHeaders.ALARM_ID)
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json; charset=UTF-8"));
        if (authorization != null) route.setHeader("Authorization", constant(authorization));
        route.to(endpointWithoutClientRetries());
    }

    private HttpEndpoint endpointWithoutClientRetries() {
        HttpEndpoint http = getCamelContext().getEndpoint(receiver.endpointUri(), HttpEndpoint.class);
        HttpClientConfigurer configured = http.getHttpClientConfigurer();
        http.setHttpClientConfigurer(builder -> {
            if (configured != null) configured.configureHttpClient(builder);
            builder.disableAutomaticRetries();
        });
        return http;
    }
}
