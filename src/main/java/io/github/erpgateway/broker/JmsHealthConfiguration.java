package io.github.erpgateway.broker;

import jakarta.jms.ConnectionFactory;

import org.springframework.boot.actuate.jms.JmsHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.SingleConnectionFactory;

/**
 * The "jms" health check (readiness) on a connection of its own instead of the caching factory's shared one. Spring
 * Boot's check starts the shared connection while holding that factory's lock; while an external broker is down and
 * the client reconnects (reconnectAttempts=-1, or a failover URL whose pair is gone) that start waits for the
 * reconnection, and every webhook's send, which needs the same lock to get its connection, waited with it: a webhook
 * was answered only after 27 s in ExternalBrokerRestartIT. Its own connection costs one short-lived connection per
 * check.
 */
@Configuration(proxyBeanMethods = false)
public class JmsHealthConfiguration {

    /** Named so that Spring Boot's own "jms" indicator backs off and this one takes its name. */
    @Bean("jmsHealthIndicator")
    JmsHealthIndicator jmsHealthIndicator(ConnectionFactory connectionFactory) {
        ConnectionFactory probe = connectionFactory instanceof SingleConnectionFactory caching
                && caching.getTargetConnectionFactory() != null ? caching.getTargetConnectionFactory() : connectionFactory;
        return new JmsHealthIndicator(probe);
    }
}
