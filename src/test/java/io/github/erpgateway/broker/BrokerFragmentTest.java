package io.github.erpgateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.enrich.EnrichmentBrokerCustomizer;
import io.github.erpgateway.enrich.EnrichmentProperties;
import io.github.erpgateway.enrich.Vendors;
import io.github.erpgateway.reconcile.ReconciliationBrokerCustomizer;
import io.github.erpgateway.reconcile.ReconciliationProperties;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.deployers.impl.FileConfigurationParser;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;

/**
 * The broker.xml fragment shipped for external brokers (config/artemis/broker-gateway.xml), read by Artemis' own
 * parser, gives the broker what EmbeddedBrokerCustomizer gives the embedded one: a change to either must reach both.
 */
class BrokerFragmentTest {

    @Test
    void theFragmentConfiguresWhatTheEmbeddedBrokerGets() throws Exception {
        Configuration embedded = new ConfigurationImpl();
        new EmbeddedBrokerCustomizer(new GatewayProperties(), new SimpleMeterRegistry()).customize(embedded);
        // every vendor's enrichment on: the fragment carries all three diverts (a user removes those not enriched)
        EnrichmentProperties enrichment = new EnrichmentProperties();
        Vendors.ALL.forEach(vendor -> enrichment.vendor(vendor).setClientId("client"));
        new EnrichmentBrokerCustomizer(enrichment).customize(embedded);
        // both reconciled: the fragment carries their diverts (a user removes one when its reconciliation is off)
        ReconciliationProperties reconciliation = new ReconciliationProperties();
        reconciliation.getVismaNet().setEnabled(true);
        reconciliation.getBusinessNxt().setEnabled(true);
        new ReconciliationBrokerCustomizer(reconciliation).customize(embedded);
        Configuration external = new ConfigurationImpl();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        new FileConfigurationParser().parseMainConfig(factory.newDocumentBuilder()
                .parse(Path.of("config/artemis/broker-gateway.xml").toFile()).getDocumentElement(), external);

        assertThat(external.isPersistIDCache()).isTrue();
        // sized for the vendors' retry window on a dedicated broker heap (docs/production.md), more than the embedded default
        assertThat(external.getIDCacheSize()).isGreaterThanOrEqualTo(embedded.getIDCacheSize());
        assertThat(external.getMaxDiskUsage()).isEqualTo(embedded.getMaxDiskUsage());

        AddressSettings all = external.getAddressSettings().get("#");
        AddressSettings embeddedAll = embedded.getAddressSettings().get("#");
        assertThat(all.getDeadLetterAddress().toString()).isEqualTo(embeddedAll.getDeadLetterAddress().toString()).isEqualTo(Queues.DEAD_LETTER);
        assertThat(all.getExpiryAddress().toString()).isEqualTo(embeddedAll.getExpiryAddress().toString()).isEqualTo(Queues.EXPIRED);
        assertThat(all.getMaxDeliveryAttempts()).isEqualTo(embeddedAll.getMaxDeliveryAttempts()).isEqualTo(10);
        assertThat(all.getPageSizeBytes()).isEqualTo(embeddedAll.getPageSizeBytes());
        assertThat(all.getManagementMessageAttributeSizeLimit()).isEqualTo(embeddedAll.getManagementMessageAttributeSizeLimit());
        assertThat(all.isAutoCreateDeadLetterResources()).isEqualTo(embeddedAll.isAutoCreateDeadLetterResources());
        assertThat(all.isAutoCreateQueues()).isEqualTo(embeddedAll.isAutoCreateQueues());
        assertThat(all.isAutoCreateAddresses()).isEqualTo(embeddedAll.isAutoCreateAddresses());
        assertThat(all.isAutoDeleteQueues()).isEqualTo(embeddedAll.isAutoDeleteQueues());
        assertThat(all.isAutoDeleteAddresses()).isEqualTo(embeddedAll.isAutoDeleteAddresses());
        assertThat(all.getDefaultAddressRoutingType()).isEqualTo(embeddedAll.getDefaultAddressRoutingType());
        assertThat(all.getDefaultQueueRoutingType()).isEqualTo(embeddedAll.getDefaultQueueRoutingType());

        AddressSettings entity = external.getAddressSettings().get(Queues.ENTITY_MATCH);
        AddressSettings embeddedEntity = embedded.getAddressSettings().get(Queues.ENTITY_MATCH);
        assertThat(entity.getPageLimitMessages()).isEqualTo(embeddedEntity.getPageLimitMessages());
        assertThat(entity.getPageFullMessagePolicy()).isEqualTo(embeddedEntity.getPageFullMessagePolicy());

        // the broker moves messages to these itself: never refused
        assertThat(external.getAddressSettings()).doesNotContainKeys(Queues.DEAD_LETTER, Queues.EXPIRED);
        // only the gateway sends to these: bounded on the broker, as the embedded gateway bounds its own sends
        for (String side : new String[] {Queues.UNROUTED, Queues.PARKED}) {
            assertThat(external.getAddressSettings().get(side).getPageLimitMessages())
                    .isEqualTo(new GatewayProperties().getBroker().getSideQueueLimitMessages());
        }
        AddressSettings work = external.getAddressSettings().get("enrichment.#");
        AddressSettings embeddedWork = embedded.getAddressSettings().get("enrichment.#");
        assertThat(work.getMaxDeliveryAttempts()).isEqualTo(embeddedWork.getMaxDeliveryAttempts());
        assertThat(work.getRedeliveryDelay()).isEqualTo(embeddedWork.getRedeliveryDelay());
        assertThat(work.getRedeliveryMultiplier()).isEqualTo(embeddedWork.getRedeliveryMultiplier());
        assertThat(work.getMaxRedeliveryDelay()).isEqualTo(embeddedWork.getMaxRedeliveryDelay());
        assertThat(work.getRedeliveryCollisionAvoidanceFactor()).isEqualTo(embeddedWork.getRedeliveryCollisionAvoidanceFactor());
        assertThat(external.getDivertConfigurations()).extracting(BrokerFragmentTest::divert)
                .containsExactlyInAnyOrderElementsOf(embedded.getDivertConfigurations().stream().map(BrokerFragmentTest::divert).toList());

        // the same plugin (broker.xml needs the full plugin interface, the embedded broker registers the narrow one)
        assertThat(embedded.getBrokerPlugins()).singleElement().isExactlyInstanceOf(AmqpUnsettledDeliveries.class);
        assertThat(external.getBrokerPlugins()).singleElement().isExactlyInstanceOf(AmqpUnsettledDeliveries.BrokerXml.class);

        // the side queues (one list, Queues.GATEWAY) and each vendor's work queue, as the embedded broker declares them
        List<String> expected = new java.util.ArrayList<>(Queues.GATEWAY);
        Vendors.ALL.forEach(vendor -> expected.add(Queues.work(vendor)));
        expected.addAll(List.of("reconcile.lock", "reconcile.watermarks", "reconcile.covered"));
        assertThat(external.getAddressConfigurations()).extracting(CoreAddressConfiguration::getName)
                .containsExactlyInAnyOrderElementsOf(embedded.getQueueConfigs().stream().map(q -> q.getName().toString()).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        // the reconciliation's lock admits one consumer; its checkpoints and covered records are last-value queues
        for (QueueConfiguration queue : embedded.getQueueConfigs()) {
            QueueConfiguration declared = external.getAddressConfigurations().stream()
                    .filter(address -> address.getName().equals(queue.getName().toString()))
                    .flatMap(address -> address.getQueueConfigs().stream()).findFirst().orElseThrow();
            assertThat(declared.getMaxConsumers()).as(queue.getName().toString()).isEqualTo(queue.getMaxConsumers());
            assertThat(declared.isLastValue() != null && declared.isLastValue()).as(queue.getName().toString())
                    .isEqualTo(queue.isLastValue() != null && queue.isLastValue());
            assertThat(declared.getLastValueKey() == null ? null : declared.getLastValueKey().toString()).as(queue.getName().toString())
                    .isEqualTo(queue.getLastValueKey() == null ? null : queue.getLastValueKey().toString());
        }
    }

    private static String divert(DivertConfiguration divert) {
        return String.join(" ", divert.getName(), divert.getAddress(), divert.getForwardingAddress(),
                divert.getFilterString(), String.valueOf(divert.isExclusive()), String.valueOf(divert.getRoutingType()),
                divert.getTransformerConfiguration() == null ? "-" : divert.getTransformerConfiguration().getClassName());
    }

    @Test
    void thePluginJarHoldsEveryClassTheFragmentNames(@org.junit.jupiter.api.io.TempDir Path lib) throws Exception {
        BrokerFragment.installPlugin(lib, Path.of("config/artemis/broker-gateway.xml"));
        List<String> entries;
        try (var jar = new java.util.jar.JarFile(lib.resolve(BrokerFragment.PLUGIN_JAR).toFile())) {
            entries = jar.stream().map(java.util.jar.JarEntry::getName).toList();
        }
        assertThat(entries).containsExactlyInAnyOrder(
                "io/github/erpgateway/enrich/WorkItemTransformer.class",
                "io/github/erpgateway/broker/AmqpUnsettledDeliveries.class",
                "io/github/erpgateway/broker/AmqpUnsettledDeliveries$BrokerXml.class");
    }
}
