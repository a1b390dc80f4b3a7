package io.github.erpgateway.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import io.github.erpgateway.config.GatewayProperties;
import org.apache.activemq.artemis.api.config.ActiveMQDefaultConfiguration;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.MetricsConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.settings.impl.PageFullMessagePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Shapes the embedded Artemis broker Spring Boot starts (in-VM for the gateway itself): a TCP acceptor for CORE and
 * AMQP 1.0, so consumers in any language can connect, JMX for Hawtio, its queue metrics in the application's Micrometer
 * registry, a persisted duplicate-id cache per address (about 250 bytes of heap per remembered id, so its size is a heap
 * budget), paging past a global size, bounded entity queues, a disk-usage limit, a login when the acceptor is reachable
 * from other hosts, AMQP deliveries left unsettled counted as failed ({@link AmqpUnsettledDeliveries}), and the journal
 * type.
 */
@Component
public class EmbeddedBrokerCustomizer implements ArtemisConfigurationCustomizer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBrokerCustomizer.class);

    /** The one role of the gateway.broker.user: everything, as the unauthenticated loopback acceptor allows. */
    static final String ROLE = "gateway";

    private final GatewayProperties.Broker broker;

    private final MeterRegistry registry;

    public EmbeddedBrokerCustomizer(GatewayProperties properties, MeterRegistry registry) {
        this.broker = properties.getBroker();
        this.registry = registry;
    }

    /** gateway.broker.journal-buffer-timeout, or the time of one sync measured in the data directory now. */
    private Duration journalBufferTimeout() {
        if (broker.getJournalBufferTimeout() != null) {
            return broker.getJournalBufferTimeout();
        }
        Path dir = Path.of(broker.getDataDir());
        try {
            Duration sync = JournalBufferTimeout.measureSync(dir);
            Duration timeout = JournalBufferTimeout.fromSync(sync);
            LOG.info("Journal buffer timeout {} us: one 4 KiB write and sync takes {} us in {} (set"
                    + " gateway.broker.journal-buffer-timeout to fix it)", timeout.toNanos() / 1000, sync.toNanos() / 1000, dir);
            return timeout;
        } catch (IOException e) {
            Duration fallback = Duration.ofNanos(ActiveMQDefaultConfiguration.getDefaultJournalBufferTimeoutNio());
            LOG.warn("Cannot measure the disk's sync time in {} ({}); journal buffer timeout {} us, Artemis' default",
                    dir, e.getMessage(), fallback.toNanos() / 1000);
            return fallback;
        }
    }

    @Override
    public void customize(org.apache.activemq.artemis.core.config.Configuration configuration) {
        String listen = broker.getListen();
        if (broker.hasCredentials()) {
            // Spring Boot turns the broker's security off; with credentials every client must log in as that user
            configuration.setSecurityEnabled(true);
            configuration.putSecurityRoles("#", Set.of(new Role(ROLE, true, true, true, true, true, true, true, true, true, true, true, true)));
        } else if (listen != null && !listen.isBlank() && !AcceptorAddress.isLoopback(listen.trim())) {
            String reason = "gateway.broker.listen=" + listen.trim() + " is reachable from other hosts but the broker has no"
                    + " login: set gateway.broker.user and gateway.broker.password, or listen on 127.0.0.1";
            // one line that says why, above Spring's report of the failed start
            LOG.error("Refusing to start: {}", reason);
            throw new IllegalStateException(reason);
        }
        if (listen != null && !listen.isBlank()) {
            // one acceptor for CORE and AMQP 1.0 (docs/consumers.md): Artemis tells them apart by the first bytes of a
            // connection, so the same login rule covers both; the gateway itself sends in-VM, never through it
            String acceptor = AcceptorAddress.withProtocols(listen.trim());
            try {
                configuration.addAcceptorConfiguration("tcp", acceptor);
            } catch (Exception e) {
                throw new IllegalArgumentException("gateway.broker.listen is not an acceptor URI: " + listen, e);
            }
            LOG.info("Embedded Artemis broker accepts {} clients on {}", AcceptorAddress.protocolsParameter(acceptor), listen.trim());
        }
        // an AMQP consumer that goes away without settling has failed that delivery, as a crashed CORE consumer has
        configuration.registerBrokerPlugin(new AmqpUnsettledDeliveries());
        configuration.setJMXManagementEnabled(true);
        configuration.setMetricsConfiguration(new MetricsConfiguration().setPlugin(new BrokerMetricsPlugin(registry)));
        configuration.setIDCacheSize(broker.getDuplicateIdCacheSize());
        // messages waiting for consumers stay in the gateway's heap up to this size, then page to disk; Artemis'
        // default (half the heap) let a burst without consumers exhaust a 256 MiB heap in the benchmark
        configuration.setGlobalMaxSize(broker.getGlobalMaxSize().toBytes());
        configuration.setPersistIDCache(true);
        configuration.setJournalType(broker.getJournalType());
        int bufferTimeoutNanos = (int) Math.min(Integer.MAX_VALUE, journalBufferTimeout().toNanos());
        configuration.setJournalBufferTimeout_NIO(bufferTimeoutNanos);
        configuration.setJournalBufferTimeout_AIO(bufferTimeoutNanos);
        // past this share of the data directory's disk the broker stops accepting messages instead of writing the disk
        // full; the gateway's sends then fail at once (503) and readiness is DOWN (BrokerAvailability)
        configuration.setMaxDiskUsage(broker.getMaxDiskUsage());
        // the gateway's own queues exist from the start, so nothing routed to them (a dead letter above all) is dropped
        for (String queue : Queues.GATEWAY) {
            configuration.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        // entity queues are created on first send; a message a consumer fails 10 times moves to erp.dlq
        AddressSettings settings = new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(Queues.DEAD_LETTER))
                .setExpiryAddress(SimpleString.of(Queues.EXPIRED))
                .setMaxDeliveryAttempts(10)
                // past global-max-size messages go to page files; small pages keep the part read back in memory small
                .setPageSizeBytes((int) broker.getPageSize().toBytes())
                // let Hawtio and samples/read-queue.sh show bodies up to 64 KiB when browsing (Artemis cuts at 256 chars)
                .setManagementMessageAttributeSizeLimit(65_536)
                .setAutoCreateDeadLetterResources(false)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false)
                // an AMQP receiver that names no capability (rhea, AMQPNetLite, proton) and attaches before the first
                // event created its queue gets that queue, as a JMS consumer does, not a subscription of its own
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST);
        configuration.addAddressSetting("#", settings);
        if (broker.getPageLimitMessages() > 0) {
            // every paged message with a duplicate id keeps a page-transaction record on the heap until it is
            // consumed (~200 bytes): past this backlog an entity queue refuses sends, so its webhooks get 503 and
            // are retried by the sender, instead of a long consumer outage exhausting the heap for every queue.
            // Only erp.<source>.<entity> (three words or more; Artemis merges this with "#"): erp.dlq and the other
            // gateway queues never refuse what the broker moves there (a poison message the broker failed to move to
            // a full erp.dlq vanished from its queue in a trial). The gateway's own sends to them are bounded by
            // gateway.broker.side-queue-limit-messages instead (BrokerAvailability).
            configuration.addAddressSetting(Queues.ENTITY_MATCH, new AddressSettings()
                    .setPageLimitMessages(broker.getPageLimitMessages())
                    .setPageFullMessagePolicy(PageFullMessagePolicy.FAIL));
        }
    }
}
