package io.github.erpgateway.lookup;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.erpgateway.broker.Queues;
import io.github.erpgateway.intake.PayloadLimits;
import io.github.erpgateway.reply.LogText;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Finds where an event is now: browses (never consumes) every {@code erp.*} queue, the side queues among them, and
 * every enrichment work queue {@code enrichment.<source>} for messages whose {@code ce_id} is the id. The id is compared
 * in Java, never written into a selector. The queues are listed by the broker's management address, so an external
 * broker is searched like the embedded one. The scan stops after {@code gateway.lookup.max-messages} messages or
 * {@code gateway.lookup.max-duration} and says so.
 */
@Component
public class EventLookup {

    /** The broker's management address (Artemis' default, also on an external broker unless it was renamed). */
    static final String MANAGEMENT_ADDRESS = "activemq.management";

    private static final Logger LOG = LoggerFactory.getLogger(EventLookup.class);
    private static final long MANAGEMENT_REPLY_MILLIS = 5_000;
    private static final JsonFactory JSON = new JsonFactory();

    private final ConnectionFactory connections;
    private final LookupProperties properties;
    private final PayloadLimits limits;
    private final Semaphore running;

    public EventLookup(ConnectionFactory connectionFactory, LookupProperties properties, PayloadLimits limits) {
        // a connection of its own, not one of the cached sending sessions
        this.connections = connectionFactory instanceof CachingConnectionFactory caching
                && caching.getTargetConnectionFactory() != null ? caching.getTargetConnectionFactory() : connectionFactory;
        this.properties = properties;
        this.limits = limits;
        this.running = new Semaphore(Math.max(1, properties.getMaxConcurrent()));
    }

    /** Where the event {@code id} is; throws {@link LookupRequestException} for an id that cannot be one, or when busy. */
    public LookupResult find(String id) {
        validate(id);
        if (!running.tryAcquire()) {
            throw new LookupRequestException(429, "gateway.lookup.max-concurrent lookups are running; try again shortly");
        }
        try {
            return scan(id);
        } finally {
            running.release();
        }
    }

    /** The ids the gateway stores are bounded printable ASCII (gateway.limits.max-id-length); anything else is not one. */
    void validate(String id) {
        if (id == null || id.isEmpty()) {
            throw new LookupRequestException(400, "an event id is required");
        }
        if (id.length() > limits.getMaxIdLength()) {
            throw new LookupRequestException(400, "the id is longer than " + limits.getMaxIdLength()
                    + " characters (gateway.limits.max-id-length), so no stored event has it");
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < 0x20 || id.charAt(i) > 0x7e) {
                throw new LookupRequestException(400, "the id is not printable ASCII, so no stored event has it");
            }
        }
    }

    private LookupResult scan(String id) {
        long started = System.nanoTime();
        long deadline = started + properties.getMaxDuration().toNanos();
        int maxMessages = properties.getMaxMessages();
        LookupResult result = new LookupResult(id);
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<String> queues = queues(session);
            for (String queue : queues) {
                if (System.nanoTime() > deadline) {
                    result.stoppedEarly("after " + properties.getMaxDuration().toMillis()
                            + " ms (gateway.lookup.max-duration); not searched: " + String.join(", ",
                            queues.subList(queues.indexOf(queue), queues.size())));
                    break;
                }
                if (result.messages() >= maxMessages) {
                    result.stoppedEarly("after " + maxMessages + " messages (gateway.lookup.max-messages); not searched: "
                            + String.join(", ", queues.subList(queues.indexOf(queue), queues.size())));
                    break;
                }
                if (!browse(session, queue, id, result, deadline, maxMessages)) {
                    break;
                }
                result.searched(queue);
            }
        } catch (JMSException e) {
            LOG.warn("Lookup of event {} failed, the broker did not answer: {}", LogText.escape(id),
                    LogText.escape(e.getMessage()));
            throw new LookupRequestException(503, "the broker is unavailable; try again later");
        }
        result.took((System.nanoTime() - started) / 1_000_000);
        return result;
    }

    /** Browses one queue; false when a bound stopped the scan inside it. */
    private boolean browse(Session session, String queue, String id, LookupResult result, long deadline, int maxMessages)
            throws JMSException {
        try (QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                Message message = (Message) messages.nextElement();
                result.browsed();
                if (id.equals(message.getStringProperty("ce_id"))) {
                    result.found(hit(queue, message));
                }
                if (messages.hasMoreElements() && (result.messages() >= maxMessages || System.nanoTime() > deadline)) {
                    result.stoppedEarly((result.messages() >= maxMessages ? "after " + maxMessages
                            + " messages (gateway.lookup.max-messages)" : "after " + properties.getMaxDuration().toMillis()
                            + " ms (gateway.lookup.max-duration)") + ", inside " + queue);
                    return false;
                }
            }
        }
        return true;
    }

    private static Map<String, Object> hit(String queue, Message message) throws JMSException {
        Map<String, Object> hit = new LinkedHashMap<>();
        hit.put("queue", queue);
        hit.put("messageId", message.getJMSMessageID());
        putIfPresent(hit, "reason", message.getStringProperty("reason")); // side queues say why (SideQueueMessages)
        putIfPresent(hit, "source", message.getStringProperty("source"));
        putIfPresent(hit, "type", message.getStringProperty("ce_type"));
        String receivedAt = message.getStringProperty("receivedat"); // side queues; a CloudEvent has it in its body
        putIfPresent(hit, "receivedat", receivedAt != null ? receivedAt : receivedAtOf(message));
        if (message.propertyExists("JMSXDeliveryCount")) {
            hit.put("deliveryCount", message.getIntProperty("JMSXDeliveryCount"));
        }
        String traceparent = message.getStringProperty("traceparent");
        putIfPresent(hit, "traceparent", traceparent);
        putIfPresent(hit, "traceId", traceId(traceparent));
        return hit;
    }

    /** The trace id of a W3C {@code traceparent} (version-traceid-parentid-flags), or null when it is not one. */
    static String traceId(String traceparent) {
        if (traceparent == null || traceparent.length() < 55 || traceparent.charAt(2) != '-' || traceparent.charAt(35) != '-') {
            return null;
        }
        String id = traceparent.substring(3, 35);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return null;
            }
        }
        return id;
    }

    /** The CloudEvent's top-level {@code receivedat}, read without parsing {@code data}; null when it has none. */
    private static String receivedAtOf(Message message) {
        try {
            if (!(message instanceof TextMessage text) || text.getText() == null) {
                return null;
            }
            try (JsonParser parser = JSON.createParser(text.getText())) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("receivedat".equals(field) && value == JsonToken.VALUE_STRING) {
                        return parser.getText();
                    }
                    parser.skipChildren();
                }
            }
        } catch (JMSException | java.io.IOException e) {
            // not a CloudEvent: no receive time to report
        }
        return null;
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /**
     * The gateway's queues, asked of the broker's management address: the side queues first (where an operator looks
     * first), then every other {@code erp.*} queue and the enrichment work queues, by name.
     */
    private static List<String> queues(Session session) throws JMSException {
        TemporaryQueue replies = session.createTemporaryQueue();
        try (MessageProducer producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
                MessageConsumer consumer = session.createConsumer(replies)) {
            Message request = session.createMessage();
            JMSManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, "getQueueNames");
            request.setJMSReplyTo(replies);
            producer.send(request);
            Message reply = consumer.receive(MANAGEMENT_REPLY_MILLIS);
            if (reply == null || !JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new JMSException("the broker did not list its queues (management address " + MANAGEMENT_ADDRESS + ")");
            }
            TreeSet<String> names = new TreeSet<>();
            for (Object result : JMSManagementHelper.getResults(reply)) {
                if (result instanceof Object[] array) {
                    for (Object name : array) {
                        names.add(String.valueOf(name));
                    }
                } else if (result != null) {
                    names.add(String.valueOf(result));
                }
            }
            List<String> ordered = new ArrayList<>();
            for (String side : List.of(Queues.DEAD_LETTER, Queues.PARKED, Queues.UNROUTED, Queues.EXPIRED)) {
                if (names.remove(side)) {
                    ordered.add(side);
                }
            }
            names.stream().filter(name -> name.startsWith(Queues.PREFIX) || name.startsWith(Queues.WORK_PREFIX))
                    .forEach(ordered::add);
            return ordered;
        } catch (Exception e) {
            if (e instanceof JMSException jms) {
                throw jms;
            }
            JMSException failure = new JMSException("the broker's list of queues could not be read: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        } finally {
            replies.delete();
        }
    }
}
