package io.github.erpgateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.erpgateway.config.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The gateway.broker.* settings reach the embedded broker's configuration. */
class EmbeddedBrokerCustomizerTest {

    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path dataDirs;

    @Test
    void defaultsAreTheDocumentedOnes() {
        ConfigurationImpl configuration = customized(new GatewayProperties());

        assertThat(configuration.getJournalType()).isEqualTo(JournalType.NIO);
        assertThat(configuration.getGlobalMaxSize()).isEqualTo(32L << 20);
        assertThat(configuration.getIDCacheSize()).isEqualTo(20_000);
        assertThat(configuration.isPersistIDCache()).isTrue();
        assertThat(configuration.getAddressSettings().get("#").getPageSizeBytes()).isEqualTo(2 << 20);
        assertThat(configuration.getAcceptorConfigurations()).anyMatch(acceptor -> "tcp".equals(acceptor.getName()));
        assertThat(configuration.getAddressSettings().get(Queues.ENTITY_MATCH).getPageLimitMessages())
                .isEqualTo(100_000L);
        assertThat(configuration.getMaxDiskUsage()).isEqualTo(90);
        assertThat(configuration.getMinDiskFree()).as("would override max-disk-usage").isEqualTo(-1L);
        for (String queue : new String[] {"erp.unrouted", "erp.parked", "erp.dlq", "erp.expired"}) {
            // the broker's own moves (dead letters, expiry) must never be refused; the gateway bounds its own sends
            assertThat(configuration.getAddressSettings()).doesNotContainKey(queue);
        }
        assertThat(configuration.isSecurityEnabled()).isFalse();
    }

    @Test
    void theAcceptorSpeaksCoreAndAmqpUnlessItsUriSaysOtherwise() {
        assertThat(acceptorUri("tcp://127.0.0.1:61616")).isEqualTo("tcp://127.0.0.1:61616?protocols=CORE,AMQP");
        assertThat(acceptorUri("tcp://127.0.0.1:61616?sslEnabled=true"))
                .isEqualTo("tcp://127.0.0.1:61616?sslEnabled=true;protocols=CORE,AMQP");
        assertThat(acceptorUri("tcp://127.0.0.1:61616?protocols=CORE")).isEqualTo("tcp://127.0.0.1:61616?protocols=CORE");
        assertThat(acceptorUri("tcp://127.0.0.1:61616?useEpoll=true&protocols=AMQP"))
                .isEqualTo("tcp://127.0.0.1:61616?useEpoll=true&protocols=AMQP");
        assertThat(customized(new GatewayProperties()).getAcceptorConfigurations()).singleElement()
                .satisfies(acceptor -> assertThat(acceptor.getParams()).containsEntry("protocols", "CORE,AMQP"));
    }

    @Test
    void consumersThatNameNoRoutingTypeGetTheQueue() {
        // an AMQP receiver without capabilities (rhea, AMQPNetLite, proton) attaching before the first event
        ConfigurationImpl configuration = customized(new GatewayProperties());

        assertThat(configuration.getAddressSettings().get("#").getDefaultAddressRoutingType()).isEqualTo(RoutingType.ANYCAST);
        assertThat(configuration.getAddressSettings().get("#").getDefaultQueueRoutingType()).isEqualTo(RoutingType.ANYCAST);
    }

    private static String acceptorUri(String listen) {
        return AcceptorAddress.withProtocols(listen);
    }

    @Test
    void diskUsageIsASetting() {
        GatewayProperties properties = new GatewayProperties();
        properties.getBroker().setMaxDiskUsage(75);

        assertThat(customized(properties).getMaxDiskUsage()).isEqualTo(75);
    }

    @Test
    void anAcceptorReachableFromOtherHostsNeedsCredentials() {
        for (String listen : new String[] {"tcp://0.0.0.0:61616", "tcp://10.1.2.3:61616?protocols=CORE", "tcp://:61616"}) {
            GatewayProperties properties = new GatewayProperties();
            properties.getBroker().setListen(listen);
            assertThatThrownBy(() -> customized(properties)).hasMessageStartingWith("gateway.broker.listen=" + listen)
                    .hasMessageContaining("gateway.broker.user and gateway.broker.password");
        }
        for (String listen : new String[] {"tcp://127.0.0.1:61616", "tcp://localhost:61616", "tcp://[::1]:61616"}) {
            GatewayProperties properties = new GatewayProperties();
            properties.getBroker().setListen(listen);
            assertThat(customized(properties).isSecurityEnabled()).isFalse();
        }
    }

    @Test
    void credentialsTurnTheBrokersSecurityOn() {
        GatewayProperties properties = new GatewayProperties();
        properties.getBroker().setListen("tcp://0.0.0.0:61616");
        properties.getBroker().setUser("consumer");
        properties.getBroker().setPassword("secret");

        ConfigurationImpl configuration = customized(properties);

        assertThat(configuration.isSecurityEnabled()).isTrue();
        assertThat(configuration.getSecurityRoles().get("#")).extracting(Role::getName).containsExactly(EmbeddedBrokerCustomizer.ROLE);
        assertThat(properties.getBroker().toString()).doesNotContain("secret");
    }

    @Test
    void noBacklogLimitWhenSetToZero() {
        GatewayProperties properties = new GatewayProperties();
        properties.getBroker().setPageLimitMessages(0);

        assertThat(customized(properties).getAddressSettings()).doesNotContainKey(Queues.ENTITY_MATCH);
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

    @Test
    void theJournalBufferTimeoutIsTheDisksSyncTimeUnlessSet() throws Exception {
        GatewayProperties properties = new GatewayProperties();
        int measured = customized(properties).getJournalBufferTimeout_NIO();
        assertThat(measured).as("one sync of this disk, within the bounds")
                .isBetween((int) JournalBufferTimeout.MIN.toNanos(), (int) JournalBufferTimeout.MAX.toNanos());
        try (var left = java.nio.file.Files.list(java.nio.file.Path.of(properties.getBroker().getDataDir()))) {
            assertThat(left).as("the test file is removed").isEmpty();
        }

        properties.getBroker().setJournalBufferTimeout(java.time.Duration.ofMillis(2));
        ConfigurationImpl configured = customized(properties);
        assertThat(configured.getJournalBufferTimeout_NIO()).isEqualTo(2_000_000);
        assertThat(configured.getJournalBufferTimeout_AIO()).isEqualTo(2_000_000);
    }

    @Test
    void aSyncTimeOutsideTheBoundsIsClamped() {
        assertThat(JournalBufferTimeout.fromSync(java.time.Duration.ofNanos(1))).isEqualTo(JournalBufferTimeout.MIN);
        assertThat(JournalBufferTimeout.fromSync(java.time.Duration.ofSeconds(1))).isEqualTo(JournalBufferTimeout.MAX);
        assertThat(JournalBufferTimeout.fromSync(java.time.Duration.ofMillis(1))).isEqualTo(java.time.Duration.ofMillis(1));
    }

    private static ConfigurationImpl customized(GatewayProperties properties) {
        if ("data/artemis".equals(properties.getBroker().getDataDir())) {
            // the disk measurement writes in the data directory: not into the working copy (JUnit removes dataDirs)
            properties.getBroker().setDataDir(dataDirs.resolve(java.util.UUID.randomUUID().toString()).toString());
        }
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setSecurityEnabled(false); // as Spring Boot hands it to the customizers
        new EmbeddedBrokerCustomizer(properties, new SimpleMeterRegistry()).customize(configuration);
        return configuration;
    }
}
