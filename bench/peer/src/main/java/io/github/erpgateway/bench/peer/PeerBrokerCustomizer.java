package io.github.erpgateway.bench.peer;

import org.apache.activemq.artemis.core.config.Configuration;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/** Opens the embedded broker on TCP, like the gateway's, so the harness can drain and count what was stored. */
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
    }
}
