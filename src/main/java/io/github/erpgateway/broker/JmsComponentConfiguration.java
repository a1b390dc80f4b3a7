package io.github.erpgateway.broker;

import org.apache.camel.component.jms.JmsComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code jms:} component the routes send with. There is no camel-jms starter for Camel 4.18 on Maven Central, so
 * it is configured here rather than with {@code camel.component.jms.*} keys (which would be silently ignored).
 */
@Configuration(proxyBeanMethods = false)
public class JmsComponentConfiguration {

    @Bean("jms")
    JmsComponent jms(ConfirmedSender sender) {
        // every send confirmed or failed within gateway.broker.send-timeout, never a hang (BoundedSendConnectionFactory,
        // shared with the asynchronous sends); not a ConnectionFactory bean itself, so Spring Boot's factory and the
        // "jms" health check stay as they are
        JmsComponent jms = JmsComponent.jmsComponent(sender.connectionFactory());
        jms.setDeliveryPersistent(true);
        return jms;
    }
}
