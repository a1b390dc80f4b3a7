package io.github.erpgateway.broker;

import io.github.erpgateway.config.GatewayProperties;
import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.SingleConnectionFactory;

/**
 * The {@code jms:} component the routes send with. There is no camel-jms starter for Camel 4.18 on Maven Central, so
 * it is configured here rather than with {@code camel.component.jms.*} keys (which would be silently ignored).
 */
@Configuration(proxyBeanMethods = false)
public class JmsComponentConfiguration {

    @Bean("jms")
    JmsComponent jms(ConnectionFactory connectionFactory, GatewayProperties properties, BrokerAvailability availability,
            SendWatchdog watchdog) {
        if (connectionFactory instanceof SingleConnectionFactory caching
                && caching.getTargetConnectionFactory() instanceof ActiveMQConnectionFactory artemis) {
            // the shared connection Spring opens (again after a reset) reports failovers to readiness
            caching.setTargetConnectionFactory(new FailoverReportingConnectionFactory(artemis, availability));
        }
        // every send confirmed or failed within gateway.broker.send-timeout, never a hang; not a ConnectionFactory
        // bean itself, so Spring Boot's factory and the "jms" health check stay as they are
        JmsComponent jms = JmsComponent.jmsComponent(new BoundedSendConnectionFactory(connectionFactory,
                properties.getBroker().getSendTimeout(), availability, watchdog));
        jms.setDeliveryPersistent(true);
        return jms;
    }
}
