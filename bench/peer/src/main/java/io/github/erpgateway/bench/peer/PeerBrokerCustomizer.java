package io.github.erpgateway.bench.peer;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Opens the embedded broker on TCP, like the gateway's, so the harness can drain and count what was stored, and gives
 * it the gateway's paging and duplicate-id settings: they decide what a durable send costs the broker.
 */
@Component
class PeerBrokerCustomizer implements ArtemisConfigurationCustomizer {

    private final PeerProperties properties;

    PeerBrokerCustomizer(PeerProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(Configuration configuration) {
        try {
            configuration.addAcceptorConfiguration("tcp", properties.getBrokerListen());
        } catch (Exception e) {
            throw new IllegalArgumentException("peer.broker-listen is not an acceptor URI: " + properties.getBrokerListen(), e);
        }
        configuration.setGlobalMaxSize(properties.getGlobalMaxSizeBytes());
        configuration.setIDCacheSize(properties.getDuplicateIdCacheSize());
        configuration.setPersistIDCache(true);
        if (properties.getJournalBufferTimeoutNanos() > 0) {
            configuration.setJournalBufferTimeout_NIO(properties.getJournalBufferTimeoutNanos());
        }
        configuration.addAddressSetting("#", new AddressSettings()
                .setPageSizeBytes(properties.getPageSizeBytes())
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true));
    }
}
