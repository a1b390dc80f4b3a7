package io.github.erpgateway.reconcile;

import io.github.erpgateway.broker.Queues;
import io.github.erpgateway.enrich.WorkItemTransformer;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.config.TransformerConfiguration;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * The queues the reconciliation keeps its state in, on the embedded broker (an external broker gets them from
 * config/artemis/broker-gateway.xml):
 * <ul>
 *   <li>{@value BrokerState#LOCK} admits one consumer: one gateway of those sharing the broker runs at a time;</li>
 *   <li>{@value BrokerState#WATERMARKS}, a last-value queue: the newest checkpoint per source, tenant and entity;</li>
 *   <li>{@value BrokerState#COVERED}, a last-value queue keyed by JMSXGroupID ({@code source|tenant|entity|subject}):
 *       the newest webhook event stored per record. A divert copies each canonical message of a reconciled source
 *       there inside the broker's own send (as the enrichment's divert does), so every gateway on the broker sees
 *       the webhooks every other gateway stored, also after a restart. The reconciled events themselves are not
 *       copied: a version the reconciliation published must not look covered to the next.</li>
 * </ul>
 */
@Component
public class ReconciliationBrokerCustomizer implements ArtemisConfigurationCustomizer {

    private final ReconciliationProperties properties;

    public ReconciliationBrokerCustomizer(ReconciliationProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(Configuration configuration) {
        configuration.addQueueConfiguration(QueueConfiguration.of(BrokerState.LOCK).setRoutingType(RoutingType.ANYCAST)
                .setDurable(true).setMaxConsumers(1));
        configuration.addQueueConfiguration(QueueConfiguration.of(BrokerState.WATERMARKS).setRoutingType(RoutingType.ANYCAST)
                .setDurable(true).setLastValue(true));
        configuration.addQueueConfiguration(QueueConfiguration.of(BrokerState.COVERED).setRoutingType(RoutingType.ANYCAST)
                .setDurable(true).setLastValue(true).setLastValueKey(Message.HDR_GROUP_ID.toString()));
        for (String source : io.github.erpgateway.enrich.Vendors.ALL) {
            ReconciliationProperties.Source config = properties.source(source);
            if (config != null && config.isEnabled()) {
                configuration.addDivertConfiguration(divert(source, config.getEntities()));
            }
        }
    }

    /** Only the events of the reconciled entities are copied: the others would cost a stored copy for nothing. */
    static DivertConfiguration divert(String source, java.util.List<String> entities) {
        String entityList = String.join(", ", entities.stream()
                .filter(entity -> entity.matches("[a-z0-9][a-z0-9-]{0,63}")).map(entity -> "'" + entity + "'").toList());
        return new DivertConfiguration()
                .setName("reconcile-covered-" + source)
                .setAddress(Queues.everyEntityOf(source))
                .setForwardingAddress(BrokerState.COVERED)
                .setExclusive(false)
                .setFilterString("entity IN (" + entityList + ") AND (action IS NULL OR action <> 'reconciled')")
                // the copy's duplicate id is dropped, as for the enrichment's copy (WorkItemTransformer explains why)
                .setTransformerConfiguration(new TransformerConfiguration(WorkItemTransformer.class.getName()))
                .setRoutingType(ComponentConfigurationRoutingType.ANYCAST);
    }
}
