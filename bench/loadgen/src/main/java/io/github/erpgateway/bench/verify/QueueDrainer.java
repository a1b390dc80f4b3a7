package io.github.erpgateway.bench.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Empties every {@code erp.*} queue of the server's embedded broker over TCP, as any consumer would, and hands each
 * message's {@code ce_id} to the caller. The broker's management address says which queues exist and how many
 * messages each holds, so the drain knows when it is done without waiting for a receive to time out.
 */
public final class QueueDrainer {

    /** Called with the queue and the message's ce_id (null when the message has none). */
    public interface StoredMessageSink {
        void stored(String queue, String ceId);
    }

    private final String brokerUrl;
    /** Which queues it drains: erp.*, and for gateway-divert also the enrichment work queues (enrichment.*). */
    private final List<String> prefixes;

    public QueueDrainer(String brokerUrl, List<String> prefixes) {
        this.brokerUrl = brokerUrl;
        this.prefixes = List.copyOf(prefixes);
    }

    /** @return messages drained per queue */
    public Map<String, Long> drain(StoredMessageSink sink) throws JMSException {
        Map<String, Long> drained = new TreeMap<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
             QueueConnection connection = factory.createQueueConnection()) {
            connection.start();
            QueueSession managementSession = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueRequestor management = new QueueRequestor(managementSession, ActiveMQJMSClient.createQueue("activemq.management"));
            // DUPS_OK acknowledges in batches: fast, and a redelivery could only show up as an "extra" message
            Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            for (String queue : drainedQueues(managementSession, management)) {
                long count = messageCount(managementSession, management, queue);
                drained.put(queue, drainQueue(connection, session, queue, count, sink));
            }
            management.close();
        }
        return drained;
    }

    private static long drainQueue(Connection connection, Session session, String name, long expected,
                                   StoredMessageSink sink) throws JMSException {
        Queue queue = session.createQueue(name);
        long received = 0;
        try (MessageConsumer consumer = session.createConsumer(queue)) {
            while (received < expected) {
                Message message = consumer.receive(10_000);
                if (message == null) {
                    break; // fewer than counted: the check reports what is missing
                }
                sink.stored(name, message.getStringProperty("ce_id"));
                received++;
            }
            // anything beyond the count (it should not happen: nothing else sends while the harness drains)
            for (Message extra = consumer.receiveNoWait(); extra != null; extra = consumer.receiveNoWait()) {
                sink.stored(name, extra.getStringProperty("ce_id"));
                received++;
            }
        }
        return received;
    }

    /** Messages each queue whose name starts with the prefix holds now (e.g. the enrichment work queues). */
    public Map<String, Long> messageCounts(String prefix) throws JMSException {
        Map<String, Long> counts = new TreeMap<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
             QueueConnection connection = factory.createQueueConnection()) {
            connection.start();
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueRequestor management = new QueueRequestor(session, ActiveMQJMSClient.createQueue("activemq.management"));
            for (String queue : queueNames(session, management, prefix)) {
                counts.put(queue, messageCount(session, management, queue));
            }
            management.close();
        }
        return counts;
    }

    /** Starts consuming every drained queue now, until {@link LiveDrain#stop()}. */
    public LiveDrain startLive() throws JMSException {
        return new LiveDrain(this);
    }

    String brokerUrl() {
        return brokerUrl;
    }

    /** The queues this drainer empties, sorted. */
    List<String> drainedQueues(QueueSession session, QueueRequestor management) throws JMSException {
        List<String> queues = new ArrayList<>();
        for (String prefix : prefixes) {
            queues.addAll(queueNames(session, management, prefix));
        }
        queues.sort(null);
        return queues;
    }

    private static List<String> queueNames(QueueSession session, QueueRequestor management, String prefix) throws JMSException {
        Message request = session.createMessage();
        JMSManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, "getQueueNames");
        Object result = call(management, request, "getQueueNames");
        List<String> queues = new ArrayList<>();
        for (Object name : (Object[]) result) {
            if (name != null && name.toString().startsWith(prefix)) {
                queues.add(name.toString());
            }
        }
        queues.sort(null);
        return queues;
    }

    private static long messageCount(QueueSession session, QueueRequestor management, String queue) throws JMSException {
        Message request = session.createMessage();
        JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messageCount");
        return ((Number) call(management, request, "messageCount of " + queue)).longValue();
    }

    private static Object call(QueueRequestor management, Message request, String what) throws JMSException {
        Message reply = management.request(request);
        if (reply == null) {
            throw new JMSException("broker management call failed: " + what + " (no reply)");
        }
        Object result;
        try {
            result = JMSManagementHelper.getResult(reply);
        } catch (Exception e) {
            throw new JMSException("unreadable management reply to " + what + ": " + e);
        }
        if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
            throw new JMSException("broker management call failed: " + what + ": " + result);
        }
        return result;
    }
}
