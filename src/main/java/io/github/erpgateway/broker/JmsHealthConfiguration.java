package io.github.erpgateway.broker;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
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
 *
 * <p>And on an Artemis factory of its own: ActiveMQConnectionFactory.createConnection is synchronized on the factory,
 * and while the broker is down a connection attempt holds that monitor until the client's topology wait gives up (the
 * call timeout, 30 s by default). A probe holding it made every webhook that needed a new connection wait on the
 * monitor, where the send timeout's interrupt does not reach: a thread dump of ExternalBrokerRestartIT showed a
 * webhook blocked there for 15 s and the gateway serving again only 31 s after the kill.
 */
@Configuration(proxyBeanMethods = false)
public class JmsHealthConfiguration {

    /** Named so that Spring Boot's own "jms" indicator backs off and this one takes its name. */
    @Bean("jmsHealthIndicator")
    HealthIndicator jmsHealthIndicator(ConnectionFactory connectionFactory, BrokerAvailability availability) {
        ConnectionFactory probe = connectionFactory instanceof SingleConnectionFactory caching
                && caching.getTargetConnectionFactory() != null ? caching.getTargetConnectionFactory() : connectionFactory;
        if (probe instanceof FailoverReportingConnectionFactory reporting) {
            probe = reporting.target();
        }
        if (probe instanceof ActiveMQConnectionFactory artemis) {
            probe = copy(artemis);
        }
        JmsHealthIndicator check = new JmsHealthIndicator(probe);
        // while the client fails over, a new connection waits for the backup to become active: the probe would answer
        // only after the failover, UP, and a load balancer would never see it
        return () -> availability.failingOver()
                ? Health.down().withDetail("reason", "the connection to the broker is failing over").build()
                : check.health();
    }

    /** The same broker URL, options and login, on a factory (and so a monitor and server locator) of its own. */
    private static ConnectionFactory copy(ActiveMQConnectionFactory artemis) {
        try {
            java.net.URI uri = artemis.toURI();
            if ("vm".equals(uri.getScheme())) {
                return artemis; // the embedded broker, in this JVM: no remote wait to keep apart
            }
            return new ActiveMQConnectionFactory(uri.toString(), artemis.getUser(), artemis.getPassword());
        } catch (Exception e) {
            return artemis; // a factory its URI cannot describe: shared, as before
        }
    }
}
