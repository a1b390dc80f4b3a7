package io.github.erpgateway.replay;

import io.github.erpgateway.broker.Queues;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.erpgateway.enrich.Vendors;
import io.github.erpgateway.intake.WebhookProperties;
import io.github.erpgateway.publish.SideQueueMessages;
import io.github.erpgateway.reply.LogText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.selector.impl.SelectorParser;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Moves messages from {@code erp.dlq}, {@code erp.parked} or {@code erp.unrouted} back through the pipeline
 * (docs/replay.md). Each message is consumed in a local JMS transaction and re-enters at route
 * {@code direct:replay-<origin>} (its {@code origin} property; {@code webhook} when absent); the transaction commits
 * only once the pipeline has stored the message again (on its entity queue, as a duplicate already stored, or on a
 * side queue), so a failure of the pipeline or the broker leaves the message where it was. A message whose commit is
 * lost after it was stored is recognised as a duplicate when it is replayed again. The first failure stops the run:
 * a rolled-back message would otherwise come straight back to the same consumer.
 */
@Component
public class ReplayRunner {

    static final String STORED = "stored";
    static final String DUPLICATE = "duplicate";
    static final String UNROUTED = "unrouted";
    static final String PARKED = "parked";
    static final String DEAD_LETTERED = "dead-lettered";
    static final String FAILED = "failed";

    static final List<String> QUEUES = Queues.SIDE;
    static final int MAX_SELECTOR_LENGTH = 1000;

    /**
     * The only properties of a side-queue message that reach the replay routes (as headers; strings only), with the
     * dispatcher headers {@code vwd_*}: what the webhook and the enrichment re-entry need. Anything else a message
     * carries, a Camel header such as {@code CamelJmsDestinationName} above all, stays behind: whoever can send to a
     * side queue must not steer the replay's sends.
     */
    static final Set<String> CARRIED = Set.of("source", "receivedat", "ce_id", "ce_type", "ce_source", "ce_subject",
            "ce_time", "tenant", "entity", "action", Vendors.DUPLICATE_KEY_PROPERTY,
            // the replay continues the message's trace (W3C trace context, validated by the propagator)
            "traceparent", "tracestate");
    static final String DISPATCHER_PREFIX = "vwd_";

    private static final Logger LOG = LoggerFactory.getLogger(ReplayRunner.class);
    private static final Pattern ENTRY = Pattern.compile("direct://replay-([a-z][a-z0-9-]{0,63})");
    /** The webhook outcomes (WebhookReply) after which the message is stored again, as replay outcomes. */
    private static final Map<String, String> STORED_AGAIN = Map.of("accepted", STORED, "duplicate", DUPLICATE,
            "unrouted", UNROUTED, "parked", PARKED, "dead-lettered", DEAD_LETTERED);

    private final CamelContext camel;
    private final ConnectionFactory connections;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final ReentrantLock running = new ReentrantLock();
    /** Camel Spring Boot's template, shared with the rest of the application. */
    private final ProducerTemplate producer;

    public ReplayRunner(CamelContext camel, ConnectionFactory connectionFactory, MeterRegistry registry,
            ProducerTemplate producer) {
        this.camel = camel;
        this.producer = producer;
        // a connection of its own, not one of the cached sending sessions
        this.connections = connectionFactory instanceof CachingConnectionFactory caching
                && caching.getTargetConnectionFactory() != null ? caching.getTargetConnectionFactory() : connectionFactory;
        this.registry = registry;
    }

    /**
     * @param queue    erp.dlq, erp.parked or erp.unrouted
     * @param count    at most this many messages; null or 0 for all
     * @param selector a JMS selector the messages must match as well; null or blank for all
     * @param who      the operator, for the log line
     */
    public ReplaySummary replay(String queue, Integer count, String selector, String who) {
        if (queue == null || !QUEUES.contains(queue)) {
            throw new ReplayRequestException(400, "queue must be one of " + String.join(", ", QUEUES));
        }
        if (count != null && count < 0) {
            throw new ReplayRequestException(400, "count must be positive, or 0 or absent for all");
        }
        String filter = selector == null || selector.isBlank() ? null : selector.trim();
        if (filter != null) {
            if (filter.length() > MAX_SELECTOR_LENGTH) {
                throw new ReplayRequestException(400, "selector is longer than " + MAX_SELECTOR_LENGTH + " characters");
            }
            try {
                SelectorParser.parse(filter); // on its own, so that it cannot reach past its parentheses below
            } catch (Exception e) {
                throw new ReplayRequestException(400, "selector is not a valid JMS selector");
            }
        }
        Set<String> origins = origins();
        if (origins.isEmpty()) {
            throw new ReplayRequestException(409, "no route direct:replay-<origin> is running");
        }
        if (!running.tryLock()) {
            throw new ReplayRequestException(409, "another replay is running; try again when it has finished");
        }
        try {
            String run = UUID.randomUUID().toString();
            ReplaySummary summary = new ReplaySummary(queue);
            LOG.info("Replay {} of {} started by {}: count={} selector={}", run, queue, LogText.escape(who),
                    count == null || count == 0 ? "all" : count, filter == null ? "-" : LogText.escape(filter));
            run(queue, count == null || count == 0 ? Integer.MAX_VALUE : count, selector(origins, run, filter), run, summary);
            LOG.info("Replay {} of {} finished: {}", run, queue, summary);
            return summary;
        } finally {
            running.unlock();
        }
    }

    private void run(String queue, int limit, String selector, String run, ReplaySummary summary) {
        String current = null;
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
                while (summary.moved() < limit) {
                    Message message = consumer.receiveNoWait();
                    if (message == null) {
                        return;
                    }
                    current = message.getJMSMessageID();
                    Exchange exchange = replayOne(message, run);
                    String reply = exchange.getProperty(WebhookProperties.OUTCOME, String.class);
                    String outcome = reply == null ? null : STORED_AGAIN.get(reply); // Map.of refuses a null key
                    if (outcome == null && exchange.getException() == null
                            && exchange.getProperty(WebhookProperties.OUTCOME) == null) {
                        outcome = STORED; // an origin whose re-entry is a plain send (no webhook reply)
                    }
                    if (outcome == null) {
                        session.rollback();
                        boolean byBroker = "broker-unavailable".equals(exchange.getProperty(WebhookProperties.OUTCOME))
                                || sendFailed(exchange);
                        String reason = reason(exchange, byBroker, queue);
                        LOG.warn("Replay {} of {} stopped at message {}: {}", run, queue, current, LogText.escape(reason));
                        summary.failed(reason, current, byBroker);
                        count(queue, FAILED);
                        return;
                    }
                    session.commit();
                    summary.add(outcome);
                    count(queue, outcome);
                }
            }
        } catch (JMSException e) {
            // the open transaction is rolled back with the session: the message stays on its queue
            LOG.warn("Replay {} of {} stopped, the broker failed: {}", run, queue, LogText.escape(rootMessage(e)));
            summary.failed("the broker is unavailable; the message stays on " + queue, current, true);
            count(queue, FAILED);
        }
    }

    private Exchange replayOne(Message message, String run) throws JMSException {
        Exchange exchange = new DefaultExchange(camel);
        org.apache.camel.Message in = exchange.getIn();
        for (Object name : Collections.list(message.getPropertyNames())) {
            String property = name.toString();
            if (CARRIED.contains(property) || property.startsWith(DISPATCHER_PREFIX)) {
                Object value = message.getObjectProperty(property);
                if (value instanceof String) {
                    in.setHeader(property, value);
                }
            }
        }
        in.setBody(bodyOf(message));
        exchange.setProperty(WebhookProperties.REPLAY_RUN, run);
        exchange.setProperty(WebhookProperties.REPLAY_OF, message.getJMSMessageID());
        String origin = message.getStringProperty(SideQueueMessages.ORIGIN);
        producer.send("direct:replay-" + (origin == null ? SideQueueMessages.WEBHOOK : origin), exchange);
        return exchange;
    }

    /** The message's bytes: erp.parked and erp.dlq hold bytes, erp.unrouted the UTF-8 text of the body. */
    private static byte[] bodyOf(Message message) throws JMSException {
        if (message instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return body;
        }
        if (message instanceof TextMessage text && text.getText() != null) {
            return text.getText().getBytes(StandardCharsets.UTF_8);
        }
        return new byte[0];
    }

    /**
     * Messages of an origin with a re-entry route, not put back by this run, and matching the operator's selector.
     * Messages stored before side-queue messages had an origin are webhooks when they have a source and a reason.
     */
    static String selector(Set<String> origins, String run, String filter) {
        String known = "origin IN ('" + String.join("', '", origins) + "')";
        if (origins.contains(SideQueueMessages.WEBHOOK)) {
            known = known + " OR (origin IS NULL AND source IS NOT NULL AND reason IS NOT NULL)";
        }
        String selector = "(" + known + ") AND (" + SideQueueMessages.REPLAY_RUN + " IS NULL OR "
                + SideQueueMessages.REPLAY_RUN + " <> '" + run + "')";
        return filter == null ? selector : selector + " AND (" + filter + ")";
    }

    /** The origins that have a route from direct:replay-&lt;origin&gt;. */
    private Set<String> origins() {
        Set<String> origins = new java.util.TreeSet<>();
        camel.getRoutes().forEach(route -> {
            Matcher entry = ENTRY.matcher(route.getEndpoint().getEndpointUri());
            if (entry.matches()) {
                origins.add(entry.group(1));
            }
        });
        return origins;
    }

    /** Why the message stayed, in the gateway's own words: never a payload's text, a class name or a trace. */
    private static String reason(Exchange exchange, boolean byBroker, String queue) {
        if (byBroker) {
            return "the broker did not store it; it stays on " + queue;
        }
        for (Throwable failure : new Throwable[] {exchange.getException(),
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)}) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
                if (cause instanceof ReplayException replay) {
                    return "it cannot re-enter: " + replay.getMessage() + "; it stays on " + queue;
                }
            }
        }
        return "processing failed (the gateway log has the reason); it stays on " + queue;
    }

    /**
     * An origin whose re-entry is a plain send (enrichment) has no webhook reply to say "broker-unavailable": its
     * failed send shows as a JMS exception (during a failover, for one), which is the broker's doing (503), not the
     * gateway's (500).
     */
    private static boolean sendFailed(Exchange exchange) {
        for (Throwable cause = exchange.getException(); cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof JMSException || cause instanceof org.springframework.jms.JmsException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private void count(String queue, String outcome) {
        counters.computeIfAbsent(queue + '|' + outcome, key -> Counter.builder("gateway.replays")
                .description("Side-queue messages replayed, by side queue and outcome")
                .tag("queue", queue).tag("outcome", outcome)
                .register(registry)).increment();
    }
}
