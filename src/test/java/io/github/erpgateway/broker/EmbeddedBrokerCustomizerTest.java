package io.github.erpgateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.erpgateway.config.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The gateway.broker.* settings reach the embedded broker's configuration. */
class EmbeddedBrokerCustomizerTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ConfigurationImpl configuration = customized(new GatewayProperties());

        assertThat(configuration.getJournalType()).isEqualTo(JournalType.NIO);
        assertThat(configuration.getGlobalMaxSize()).isEqualTo(32L << 20);
        assertThat(configuration.getIDCacheSize()).isEqualTo(20_000);
        assertThat(configuration.isPersistIDCache()).isTrue();
        assertThat(configuration.getAddressSettings().get("#").getPageSizeBytes()).isEqualTo(2 << 20);
        assertThat(configuration.getAcceptorConfigurations()).anyMatch(acceptor -> "tcp".equals(acceptor.getName()));
        assertThat(configuration.getAddressSettings().get(EmbeddedBrokerCustomizer.ENTITY_QUEUES).getPageLimitMessages())
                .isEqualTo(100_000L);
    }

    @Test
    void noBacklogLimitWhenSetToZero() {
        GatewayProperties properties = new GatewayProperties();
        properties.getBroker().setPageLimitMessages(0);

        assertThat(customized(properties).getAddressSettings()).doesNotContainKey(EmbeddedBrokerCustomizer.ENTITY_QUEUES);
    }

    @Test
    void settingsChangeTheBroker() {
        GatewayProperties properties = new GatewayProperties();
        properties.getBroker().setJournalType(JournalType.ASYNCIO);
        properties.getBroker().setGlobalMaxSize(DataSize.ofMegabytes(64));
        properties.getBroker().setPageSize(DataSize.ofMegabytes(1));
        properties.getBroker().setDuplicateIdCacheSize(5_000);
        properties.getBroker().setListen("");

        ConfigurationImpl configuration = customized(properties);

        assertThat(configuration.getJournalType()).isEqualTo(JournalType.ASYNCIO);
        assertThat(configuration.getGlobalMaxSize()).isEqualTo(64L << 20);
        assertThat(configuration.getIDCacheSize()).isEqualTo(5_000);
        assertThat(configuration.getAddressSettings().get("#").getPageSizeBytes()).isEqualTo(1 << 20);
        assertThat(configuration.getAcceptorConfigurations()).isEmpty();
    }

    private static ConfigurationImpl customized(GatewayProperties properties) {
        ConfigurationImpl configuration = new ConfigurationImpl();
        new EmbeddedBrokerCustomizer(properties, new SimpleMeterRegistry()).customize(configuration);
        return configuration;
    }
}
