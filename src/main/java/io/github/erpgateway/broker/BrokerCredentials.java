package io.github.erpgateway.broker;

import io.github.erpgateway.config.GatewayProperties;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * With gateway.broker.user and gateway.broker.password set, the embedded broker knows that one user (and no other),
 * and the gateway's own in-VM connection logs in with it. The login list is the broker's in-memory one, not a JAAS
 * file, so it never mixes with the Hawtio logins.
 */
@Component
class BrokerCredentials implements BeanPostProcessor {

    // looked up lazily: a post-processor that needs beans at construction would create them too early
    private final ObjectProvider<GatewayProperties> properties;

    BrokerCredentials(ObjectProvider<GatewayProperties> properties) {
        this.properties = properties;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof EmbeddedActiveMQ embedded) {
            GatewayProperties.Broker broker = broker();
            if (broker.hasCredentials()) {
                SecurityConfiguration logins = new SecurityConfiguration();
                logins.addUser(broker.getUser(), broker.getPassword());
                logins.addRole(broker.getUser(), EmbeddedBrokerCustomizer.ROLE);
                embedded.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), logins));
            }
        } else if (bean instanceof ActiveMQConnectionFactory factory) {
            logIn(factory);
        } else if (bean instanceof CachingConnectionFactory caching
                && caching.getTargetConnectionFactory() instanceof ActiveMQConnectionFactory target) {
            logIn(target);
        }
        return bean;
    }

    private void logIn(ActiveMQConnectionFactory factory) {
        GatewayProperties.Broker broker = broker();
        // an external broker's login is spring.artemis.user/password, which Spring Boot already applies
        if (broker.isEmbedded() && broker.hasCredentials()) {
            factory.setUser(broker.getUser());
            factory.setPassword(broker.getPassword());
        }
    }

    private GatewayProperties.Broker broker() {
        return properties.getObject().getBroker();
    }
}
