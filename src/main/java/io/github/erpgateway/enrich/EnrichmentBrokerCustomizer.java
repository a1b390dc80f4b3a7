package io.github.erpgateway.enrich;

import io.github.erpgateway.broker.Queues;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.config.TransformerConfiguration;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Hands marked canonical messages to the enrichment routes inside the broker's own send: a non-exclusive divert on
 * {@code erp.<source>.#} copies each message with the JMS property {@code enrich} to {@code enrichment.<source>}.
 * The canonical send carries {@code _AMQ_DUPL_ID}, so Artemis routes it in a journal transaction (to store the id
 * atomically with the message) and routes the divert's copy in that same transaction: both are stored or neither, and
 * a redelivered webhook rejected as a duplicate is never diverted. The copy keeps JMSXGroupID and every other property
 * but the duplicate id ({@link WorkItemTransformer}). The webhook path gains no call and no reply.
 */
@Component
public class EnrichmentBrokerCustomizer implements ArtemisConfigurationCustomizer {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichmentBrokerCustomizer.class);

    private final EnrichmentProperties properties;

    public EnrichmentBrokerCustomizer(EnrichmentProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(Configuration configuration) {
        for (String source : Vendors.ALL) {
            String workQueue = Queues.work(source);
            // the queue exists from the start: a divert's copy to an address with no queue would be dropped
            configuration.addQueueConfiguration(QueueConfiguration.of(workQueue).setRoutingType(RoutingType.ANYCAST).setDurable(true));
            if (!properties.vendor(source).isActive()) {
                LOG.info("Enrichment from {} is off (gateway.enrichment.{}.client-id not set, or enabled=false)", source, source);
                continue;
            }
            configuration.addDivertConfiguration(new DivertConfiguration()
                    .setName("enrich-" + source)
                    .setAddress(Queues.everyEntityOf(source))
                    .setForwardingAddress(workQueue)
                    .setExclusive(false)
                    .setFilterString(Vendors.ENRICH_PROPERTY + " = TRUE")
                    .setTransformerConfiguration(new TransformerConfiguration(WorkItemTransformer.class.getName()))
                    .setRoutingType(ComponentConfigurationRoutingType.ANYCAST));
        }
        // The enrichment routes retry vendor failures themselves and dead-letter with the reason; what rolls back to
        // the broker is an open circuit or a broker failure, which must wait and come back, never be dropped or be
        // dead-lettered without a reason after the default 10 attempts.
        configuration.addAddressSetting(Queues.WORK_PREFIX + "#", new AddressSettings()
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(5_000)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(300_000)
                .setRedeliveryCollisionAvoidanceFactor(0.2));
    }
}
