package io.github.erpgateway.bench.verify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Consumes every {@code erp.*} queue while a phase runs, as a production consumer would, so the broker does not hold
 * (and page) the phase's whole backlog. Entity queues appear with their first message, so the queue list is read
 * again twice a second. What it received is handed to the stored-once check with whatever the final drain finds.
 */
public final class LiveDrain implements AutoCloseable {

    /** One message consumed: its queue and its ce_id. */
    public record Received(String queue, String ceId) {
    }

    private final ActiveMQConnectionFactory factory;
    private final QueueConnection connection;
    private final QueueSession managementSession;
    private final QueueRequestor management;
    private final Set<String> consumed = new HashSet<>(); // the scanner thread's only
    private final List<MessageConsumer> consumers = new ArrayList<>();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "live-drain-scanner");
        thread.setDaemon(true);
        return thread;
    });
    private volatile JMSException failure;

    private final QueueDrainer drainer;

    LiveDrain(QueueDrainer drainer) throws JMSException {
        this.drainer = drainer;
        factory = new ActiveMQConnectionFactory(drainer.brokerUrl());
        connection = factory.createQueueConnection();
        connection.start();
        managementSession = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        management = new QueueRequestor(managementSession, ActiveMQJMSClient.createQueue("activemq.management"));
        scanner.scheduleWithFixedDelay(this::consumeNewQueues, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void consumeNewQueues() {
        try {
            for (String queue : drainer.drainedQueues(managementSession, management)) {
                if (consumed.add(queue)) {
                    // a session per queue: listeners of one session would run one at a time. AUTO_ACKNOWLEDGE so that
                    // closing loses no acknowledgement and the final drain cannot see a consumed message again.
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
                    consumer.setMessageListener(message -> {
                        try {
                            received.add(new Received(queue, message.getStringProperty("ce_id")));
                        } catch (JMSException e) {
                            received.add(new Received(queue, null));
                        }
                    });
                    synchronized (consumers) {
                        consumers.add(consumer);
                    }
                }
            }
        } catch (JMSException e) {
            failure = e;
        }
    }

    /** Stops consuming (messages not yet delivered stay on the broker for the final drain) and returns what it got. */
    public List<Received> stop() throws JMSException {
        // not shutdownNow: interrupting a scan in the middle of its management request failed the whole phase
        // with "JMSException: InterruptedException" (seen once in a full run); a scan takes milliseconds
        scanner.shutdown();
        try {
            scanner.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        if (failure != null) {
            throw failure;
        }
        return new ArrayList<>(received);
    }

    @Override
    public void close() throws JMSException {
        synchronized (consumers) {
            for (MessageConsumer consumer : consumers) {
                consumer.close(); // waits for a listener still running
            }
            consumers.clear();
        }
        management.close();
        connection.close();
        factory.close();
    }
}
