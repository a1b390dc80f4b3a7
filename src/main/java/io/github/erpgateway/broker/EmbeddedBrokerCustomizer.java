package io.github.erpgateway.broker;

import io.github.erpgateway.config.GatewayProperties;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Shapes the embedded Artemis broker Spring Boot starts (in-VM for the gateway itself): a TCP acceptor so consumers
 * in any language can connect, JMX for Hawtio, a persisted duplicate-id cache large enough for redelivery storms.
 */
@Component
public class EmbeddedBrokerCustomizer implements ArtemisConfigurationCustomizer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBrokerCustomizer.class);

    private final GatewayProperties.Broker broker;

    public EmbeddedBrokerCustomizer(GatewayProperties properties) {
        this.broker = properties.getBroker();
    }

    @Override
    public void customize(org.apache.activemq.artemis.core.config.Configuration configuration) {
        String listen = broker.getListen();
        if (listen != null && !listen.isBlank()) {
            try {
                configuration.addAcceptorConfiguration("tcp", listen.trim());
            } catch (Exception e) {
                throw new IllegalArgumentException("gateway.broker.listen is not an acceptor URI: " + listen, e);
            }
            LOG.info("Embedded Artemis broker accepts CORE clients on {}", listen.trim());
        }
        configuration.setJMXManagementEnabled(true);
        configuration.setIDCacheSize(broker.getDuplicateIdCacheSize());
        configuration.setPersistIDCache(true);
        // queues are created on first send; consumers may attach before that
        configuration.addAddressSetting("#", new AddressSettings()
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false));
    }
}
