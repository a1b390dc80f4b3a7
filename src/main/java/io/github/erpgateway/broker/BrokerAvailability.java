package io.github.erpgateway.broker;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.github.erpgateway.config.GatewayProperties;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.paging.PagingManager;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Whether the broker currently takes messages: the embedded broker says so itself (its disk is over max-disk-usage),
 * an external one only shows it by sends that are not confirmed in time. Feeds readiness and the check before a send,
 * which also bounds the gateway's side queues.
 */
@Component
public class BrokerAvailability {

    private final ObjectProvider<EmbeddedActiveMQ> embedded;

    private final Duration hold;

    private final long sideQueueLimit;

    private volatile EmbeddedActiveMQ embeddedBroker;

    private volatile boolean resolved;

    /** Where the gateway stores webhooks besides the entity queues. */
    static final Set<String> SIDE_QUEUES = Set.copyOf(Queues.SIDE);

    /** System.nanoTime() of the last unconfirmed send, 0 when a send was confirmed after it. */
    private final AtomicLong unconfirmedAt = new AtomicLong();

    public BrokerAvailability(ObjectProvider<EmbeddedActiveMQ> embedded, GatewayProperties properties) {
        this.embedded = embedded;
        this.hold = properties.getBroker().getUnconfirmedSendReadinessHold();
        this.sideQueueLimit = properties.getBroker().getSideQueueLimitMessages();
    }

    /** The Artemis client detected the loss of its broker and is failing over or reconnecting. */
    private volatile boolean failingOver;

    /** System.nanoTime() when the last failover ended, 0 before any. */
    private volatile long failoverEndedAt;

    /**
     * How long readiness stays DOWN after a failover ended. A probe already in flight when the broker was lost waits in
     * its own connection attempt until the backup is active and then answers UP: without this, a sub-second failover
     * could end before any probe saw it. One second: more than a probe's usual round trip, and little capacity.
     */
    static final long FAILOVER_SETTLE_NANOS = 1_000_000_000L;

    void failoverStarted() {
        failingOver = true;
    }

    void failoverEnded() {
        failoverEndedAt = System.nanoTime() | 1; // never 0
        failingOver = false;
    }

    /** From the client's FAILURE_DETECTED until a second after FAILOVER_COMPLETED (or FAILOVER_FAILED). */
    public boolean failingOver() {
        long ended = failoverEndedAt;
        return failingOver || ended != 0 && System.nanoTime() - ended < FAILOVER_SETTLE_NANOS;
    }

    void confirmed() {
        if (unconfirmedAt.get() != 0) {
            unconfirmedAt.set(0);
        }
    }

    void unconfirmed() {
        unconfirmedAt.set(System.nanoTime() | 1); // never 0
    }

    /** The embedded broker's disk is over gateway.broker.max-disk-usage: it would block every producer. */
    public boolean diskFull() {
        ActiveMQServer server = server();
        PagingManager paging = server == null ? null : server.getPagingManager();
        return paging != null && paging.isDiskFull();
    }

    /**
     * Why the embedded broker should not be sent to {@code queue} now, or null: its disk is full, or the queue is one of
     * the gateway's side queues and already holds gateway.broker.side-queue-limit-messages. The side queues are
     * bounded here, for the gateway's sends only, because a limit on their address would also refuse the broker's own
     * move of a consumer's poison message to erp.dlq, and that message was lost in a trial.
     */
    String refusal(String queue) {
        if (diskFull()) {
            return "the broker's disk is over gateway.broker.max-disk-usage, it takes no messages";
        }
        if (sideQueueLimit > 0 && queue != null && SIDE_QUEUES.contains(queue)) {
            ActiveMQServer server = server();
            Queue side = server == null ? null : server.locateQueue(SimpleString.of(queue));
            long count = side == null ? 0 : side.getMessageCount();
            if (count >= sideQueueLimit) {
                return queue + " holds " + count + " messages, gateway.broker.side-queue-limit-messages is " + sideQueueLimit;
            }
        }
        return null;
    }

    private ActiveMQServer server() {
        if (!resolved) {
            // asked before every send: look the bean up once (there is none with an external broker)
            embeddedBroker = embedded.getIfAvailable();
            resolved = true;
        }
        EmbeddedActiveMQ broker = embeddedBroker;
        ActiveMQServer server = broker == null ? null : broker.getActiveMQServer();
        return server == null || !server.isStarted() ? null : server;
    }

    /**
     * A send was not confirmed in time and none has been since. Held only for gateway.broker.unconfirmed-send-readiness-hold:
     * while readiness is DOWN no webhooks arrive, so no send could ever prove the broker recovered; after the hold
     * the next webhooks are the probe.
     */
    public boolean blocking() {
        long since = unconfirmedAt.get();
        return since != 0 && System.nanoTime() - since < hold.toNanos();
    }
}
