package io.github.erpgateway.broker;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;

import org.apache.activemq.artemis.api.core.client.FailoverEventType;
import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Artemis factory behind Spring's caching factory, reporting each new connection's failover events to readiness:
 * DOWN from the client's FAILURE_DETECTED until FAILOVER_COMPLETED (or FAILOVER_FAILED, after which the "jms" check
 * reports the lost broker). The webhooks sent in that window get 503; without this, readiness showed the failover only
 * if one of them had happened to time out.
 */
class FailoverReportingConnectionFactory extends ConnectionFactoryWrapper {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverReportingConnectionFactory.class);

    private final BrokerAvailability availability;

    FailoverReportingConnectionFactory(ConnectionFactory target, BrokerAvailability availability) {
        super(target);
        this.availability = availability;
    }

    ConnectionFactory target() {
        return target;
    }

    @Override
    public Connection createConnection() throws JMSException {
        return watch(target.createConnection());
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return watch(target.createConnection(userName, password));
    }

    private Connection watch(Connection connection) throws JMSException {
        if (connection instanceof ActiveMQConnection artemis) {
            artemis.setFailoverListener(event -> {
                // WARN both: a failover is worth an operator's attention, and its duration shows in the timestamps
                LOG.warn("Broker connection: {}", event);
                if (event == FailoverEventType.FAILURE_DETECTED) {
                    availability.failoverStarted();
                } else {
                    availability.failoverEnded();
                }
            });
        }
        return connection;
    }
}
