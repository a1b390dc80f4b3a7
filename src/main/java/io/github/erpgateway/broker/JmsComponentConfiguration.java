package io.github.erpgateway.broker;

import jakarta.jms.ConnectionFactory;

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
    JmsComponent jms(ConnectionFactory connectionFactory) {
        JmsComponent jms = JmsComponent.jmsComponent(connectionFactory);
        jms.setDeliveryPersistent(true);
        return jms;
    }
}
