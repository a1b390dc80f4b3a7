package io.github.erpgateway.broker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.erpgateway.config.GatewayProperties;
import org.apache.activemq.artemis.core.paging.PagingManager;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Whether the broker currently takes messages: the embedded broker says so itself (its disk is over max-disk-usage),
 * an external one only shows it by sends that are not confirmed in time. Feeds readiness and the fail-fast check
 * before a send.
 */
@Component
public class BrokerAvailability {

    private final ObjectProvider<EmbeddedActiveMQ> embedded;

    private final Duration hold;

    private volatile EmbeddedActiveMQ embeddedBroker;

    private volatile boolean resolved;

    /** System.nanoTime() of the last unconfirmed send, 0 when a send was confirmed after it. */
    private final AtomicLong unconfirmedAt = new AtomicLong();

    public BrokerAvailability(ObjectProvider<EmbeddedActiveMQ> embedded, GatewayProperties properties) {
        this.embedded = embedded;
        this.hold = properties.getBroker().getUnconfirmedSendReadinessHold();
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
        if (!resolved) {
            // asked before every send: look the bean up once (there is none with an external broker)
            embeddedBroker = embedded.getIfAvailable();
            resolved = true;
        }
        EmbeddedActiveMQ broker = embeddedBroker;
        ActiveMQServer server = broker == null ? null : broker.getActiveMQServer();
        PagingManager paging = server == null || !server.isStarted() ? null : server.getPagingManager();
        return paging != null && paging.isDiskFull();
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
