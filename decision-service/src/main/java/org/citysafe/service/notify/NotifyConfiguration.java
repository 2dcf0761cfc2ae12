package org.citysafe.service.notify;

import org.citysafe.routes.notify.DutyCentreRoute;
import org.citysafe.routes.notify.FireDispatchRoute;
import org.citysafe.routes.notify.HttpReceiver;
import org.citysafe.routes.notify.MessagingGatewayRoute;
import org.citysafe.routes.notify.OpsCentreRoute;
import org.citysafe.service.CitysafeProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The outbound routes, one per configured receiver. A receiver left unconfigured has no route; its messages are
 * marked failed with the setting to fill in, so a missing gateway shows in every alarm's timeline.
 */
@Configuration(proxyBeanMethods = false)
class NotifyConfiguration {

    @Bean
    @ConditionalOnExpression("!'${citysafe.notify.gateway.url:}'.isBlank()")
    MessagingGatewayRoute messagingGatewayRoute(CitysafeProperties properties) {
        return new MessagingGatewayRoute(receiver(properties.notifications().gateway()));
    }

    @Bean
    @ConditionalOnExpression("!'${citysafe.notify.duty-centre.url:}'.isBlank()")
    DutyCentreRoute dutyCentreRoute(CitysafeProperties properties) {
        return new DutyCentreRoute(receiver(properties.notifications().dutyCentre()));
    }

    @Bean
    @ConditionalOnExpression("!'${citysafe.notify.fire-119.url:}'.isBlank()")
    FireDispatchRoute fireDispatchRoute(CitysafeProperties properties) {
        return new FireDispatchRoute(receiver(properties.notifications().fire119()));
    }

    @Bean
    @ConditionalOnExpression("!'${citysafe.notify.ops-centre.brokers:}'.isBlank()")
    OpsCentreRoute opsCentreRoute(CitysafeProperties properties) {
        CitysafeProperties.KafkaTarget ops = properties.notifications().opsCentre();
        return new OpsCentreRoute(ops.brokers(), ops.topic());
    }

    private static HttpReceiver receiver(CitysafeProperties.HttpTarget t) {
        return new HttpReceiver(t.url(), t.username(), t.password(), t.token(), (int) t.connectTimeout().toMillis(),
                (int) t.responseTimeout().toMillis());
    }
}
