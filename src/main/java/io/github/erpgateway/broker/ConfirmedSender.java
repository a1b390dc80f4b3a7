package io.github.erpgateway.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.erpgateway.config.GatewayProperties;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Persistent sends that do not hold the calling thread while the broker writes and syncs its journal: the listener
 * hears onCompletion once the broker confirmed the message, or onException when it refused it or did not confirm it
 * within gateway.broker.send-timeout (BoundedSendConnectionFactory). A webhook worker thus only does the CPU work of a
 * webhook; the reply is still sent only after the confirmation.
 *
 * <p>Sessions and producers come from the same cached connection as the {@code jms:} component's (a session is back
 * in the cache as soon as the send is handed to the broker; JMS 2.0 allows further sends on it meanwhile). Queue
 * objects are remembered by name, since asking the session for one costs a round trip to the broker.
 */
@Component
public class ConfirmedSender {

    /** Builds the message to send with the session it will be sent on. */
    @FunctionalInterface
    public interface MessageWriter {
        Message write(Session session) throws JMSException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConfirmedSender.class);

    /**
     * The Artemis client's confirmation window, if none is configured. Without one the client calls a CompletionListener
     * as soon as the message is written to the connection, before the broker stored it, and sends here are blocking.
     */
    static final int CONFIRMATION_WINDOW_BYTES = 1024 * 1024;

    private final BoundedSendConnectionFactory factory;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final boolean asynchronous;

    public ConfirmedSender(ConnectionFactory connectionFactory, GatewayProperties properties,
            BrokerAvailability availability, SendWatchdog watchdog) {
        this.factory = new BoundedSendConnectionFactory(connectionFactory, properties.getBroker().getSendTimeout(),
                availability, watchdog);
        this.asynchronous = confirmationWindow(connectionFactory);
    }

    /** Gives the Artemis client a confirmation window unless it has one; false when that is not possible. */
    private static boolean confirmationWindow(ConnectionFactory connectionFactory) {
        ConnectionFactory target = connectionFactory;
        while (target instanceof SingleConnectionFactory single && single.getTargetConnectionFactory() != null) {
            target = single.getTargetConnectionFactory();
        }
        if (!(target instanceof ActiveMQConnectionFactory artemis)) {
            LOG.warn("Broker sends are blocking: the connection factory is not an Artemis one that can be given a confirmation window");
            return false;
        }
        if (artemis.getConfirmationWindowSize() > 0) {
            return true;
        }
        try {
            artemis.setConfirmationWindowSize(CONFIRMATION_WINDOW_BYTES);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Broker sends are blocking: no confirmation window could be set ({})", e.getMessage());
            return false;
        }
    }

    /** The bounded factory, shared with the {@code jms:} component (JmsComponentConfiguration). */
    ConnectionFactory connectionFactory() {
        return factory;
    }

    /**
     * Hands a persistent message for {@code queueName} to the broker. Throws when it could not even be handed over
     * (no connection, the broker refuses it now, no producer credits within send-timeout); the listener then hears
     * nothing. Otherwise the listener hears exactly once.
     */
    public void send(String queueName, MessageWriter writer, CompletionListener listener) throws JMSException {
        Connection connection = factory.createConnection();
        try {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try {
                Queue queue = queues.get(queueName);
                if (queue == null) {
                    queue = session.createQueue(queueName);
                    queues.put(queueName, queue);
                }
                MessageProducer producer = session.createProducer(queue);
                Message message = writer.write(session);
                if (asynchronous) {
                    producer.send(message, listener);
                } else {
                    producer.send(message);
                    listener.onCompletion(message);
                }
            } finally {
                session.close();
            }
        } finally {
            connection.close();
        }
    }
}
