package io.github.erpgateway.reconcile;

import java.util.Enumeration;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * One reconciliation run's hold on the broker, on a connection of its own (Spring's caching factory would keep the
 * lock consumer open after close):
 * <ul>
 *   <li>the lock: the one consumer {@value #LOCK} admits. A second gateway's consumer is refused, so it skips the run.
 *       A gateway killed while it holds the lock loses its connection, and the broker drops the consumer with it.</li>
 *   <li>checkpoints: one message per source, tenant and entity on the last-value queue {@value #WATERMARKS}, sent only
 *       after every event of a page was committed.</li>
 *   <li>events: each reconciled record (and its enriched copy) in one local transaction with the deterministic id as
 *       {@code _AMQ_DUPL_ID}, so a version another run or gateway stored already is refused by the broker.</li>
 * </ul>
 */
final class BrokerState implements AutoCloseable {

    static final String LOCK = "reconcile.lock";
    static final String WATERMARKS = "reconcile.watermarks";
    static final String COVERED = "reconcile.covered";
    /** The core name of JMSXGroupID, the key of {@value #COVERED}. */
    static final String GROUP_ID = "_AMQ_GROUP_ID";
    static final String LVQ_NAME = "_AMQ_LVQ_NAME";
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    private final Connection connection;
    private final Session stateSession;
    private final MessageProducer stateProducer;
    private final Session eventSession;
    private final MessageProducer eventProducer;

    private BrokerState(Connection connection) throws JMSException {
        this.connection = connection;
        this.stateSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        this.stateProducer = stateSession.createProducer(stateSession.createQueue(WATERMARKS));
        stateProducer.setDeliveryMode(DeliveryMode.PERSISTENT);
        this.eventSession = connection.createSession(true, Session.SESSION_TRANSACTED);
        this.eventProducer = eventSession.createProducer(null);
        eventProducer.setDeliveryMode(DeliveryMode.PERSISTENT);
    }

    /** The lock and a connection, or null when another run (of this or another gateway) holds the lock. */
    static BrokerState acquire(ConnectionFactory factory) throws JMSException {
        Connection connection = factory.createConnection();
        try {
            Session lockSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try {
                MessageConsumer lock = lockSession.createConsumer(lockSession.createQueue(LOCK));
                lock.getMessageSelector(); // held until the connection closes
            } catch (JMSException e) {
                if (isConsumerLimit(e)) {
                    connection.close();
                    return null;
                }
                throw e;
            }
            connection.start();
            return new BrokerState(connection);
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static boolean isConsumerLimit(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getSimpleName().equals("ActiveMQQueueMaxConsumerLimitReached")) {
                return true;
            }
            if (cause instanceof JMSException jms && jms.getLinkedException() != null && jms.getLinkedException() != cause
                    && isConsumerLimit(jms.getLinkedException())) {
                return true;
            }
        }
        return false;
    }

    /** The newest checkpoint text of a source|tenant|entity key, or null. */
    String read(String key) throws JMSException {
        try (QueueBrowser browser = stateSession.createBrowser(stateSession.createQueue(WATERMARKS),
                LVQ_NAME + " = '" + key.replace("'", "''") + "'")) {
            String newest = null;
            long newestWritten = Long.MIN_VALUE;
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                Message message = (Message) messages.nextElement();
                long written = message.propertyExists("written") ? message.getLongProperty("written") : 0;
                if (message instanceof TextMessage text && written >= newestWritten) {
                    newest = text.getText();
                    newestWritten = written;
                }
            }
            return newest;
        }
    }

    /**
     * When the newest webhook event of each of these records was stored (epoch millis, the message's JMSTimestamp), by
     * {@code source|tenant|entity|subject}; records without one are absent.
     */
    java.util.Map<String, Long> covered(java.util.Collection<String> keys) throws JMSException {
        java.util.Map<String, Long> stored = new java.util.HashMap<>();
        if (keys.isEmpty()) {
            return stored;
        }
        StringBuilder selector = new StringBuilder(GROUP_ID).append(" IN (");
        boolean first = true;
        for (String key : keys) {
            selector.append(first ? "'" : ", '").append(key.replace("'", "''")).append('\'');
            first = false;
        }
        selector.append(')');
        try (QueueBrowser browser = stateSession.createBrowser(stateSession.createQueue(COVERED), selector.toString())) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                Message message = (Message) messages.nextElement();
                String key = message.getStringProperty("JMSXGroupID");
                if (key != null) {
                    stored.merge(key, message.getJMSTimestamp(), Math::max);
                }
            }
        }
        return stored;
    }

    /** Removes the covered entries stored before {@code before} (epoch millis): the memory's bound. */
    int forgetCoveredBefore(long before, int max) throws JMSException {
        int removed = 0;
        try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(COVERED), "JMSTimestamp < " + before)) {
            Message message;
            while (removed < max && (message = consumer.receive(200)) != null) {
                removed++;
                if (removed % 500 == 0) {
                    session.commit();
                }
            }
            session.commit();
        }
        return removed;
    }

    /** Stores a checkpoint: a persistent, confirmed send that replaces the key's previous one. */
    void write(String key, String checkpoint) throws JMSException {
        TextMessage message = stateSession.createTextMessage(checkpoint);
        message.setStringProperty(LVQ_NAME, key);
        message.setLongProperty("written", System.currentTimeMillis());
        stateProducer.send(message);
    }

    /**
     * Stores the event (and its enriched copy, when {@code enrichedQueue} is set) in one transaction. False when the
     * broker already had its id: stored by an earlier run or another gateway.
     */
    boolean publish(ReconciledEvent event, String queue, String enrichedQueue) throws JMSException {
        try {
            eventProducer.send(eventSession.createQueue(queue), event.message(eventSession, event.body()));
            if (enrichedQueue != null) {
                eventProducer.send(eventSession.createQueue(enrichedQueue), event.message(eventSession, event.enrichedBody()));
            }
            eventSession.commit();
            return true;
        } catch (JMSException e) {
            // the broker refuses a duplicate id in a transaction by rolling the whole transaction back
            try {
                eventSession.rollback();
            } catch (JMSException alreadyRolledBack) {
                // a failed commit has rolled back already
            }
            if (isDuplicate(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean isDuplicate(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (cause.getClass().getSimpleName().contains("Duplicate")
                    || message != null && message.startsWith("Duplicate message detected")) {
                return true;
            }
            if (cause instanceof JMSException jms && jms.getLinkedException() != null && jms.getLinkedException() != cause
                    && isDuplicate(jms.getLinkedException())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (JMSException e) {
            // the broker drops the lock consumer with the connection either way
        }
    }
}
