package io.github.erpgateway.broker;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;

/**
 * Base of the gateway's connection factory wrappers, which change what {@code createConnection} returns. JMS 2.0
 * contexts pass through unchanged: Camel and Spring's JMS support use connections and sessions only.
 */
abstract class ConnectionFactoryWrapper implements ConnectionFactory {

    protected final ConnectionFactory target;

    protected ConnectionFactoryWrapper(ConnectionFactory target) {
        this.target = target;
    }

    @Override
    public JMSContext createContext() {
        return target.createContext();
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return target.createContext(userName, password);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return target.createContext(userName, password, sessionMode);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return target.createContext(sessionMode);
    }
}
