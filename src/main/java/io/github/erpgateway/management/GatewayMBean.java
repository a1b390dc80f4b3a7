package io.github.erpgateway.management;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * A gateway feature's MBean ({@code io.github.erpgateway:type=<type>,context=<Camel management name>}) in the platform
 * MBean server, where Hawtio's JMX tree shows it; Jolokia's role policy decides who may run its operations
 * ({@link JolokiaOperations}). The context key keeps two gateways in one JVM (tests) apart; where two running
 * gateways report the same Camel name, the second gets an {@code instance} key too, and a gateway unregisters only
 * the MBean it owns.
 *
 * @param <T> the MBean interface the subclass implements
 */
public abstract class GatewayMBean<T> {

    /** Which gateway in this JVM registered each name. */
    private static final Map<ObjectName, GatewayMBean<?>> OWNERS = new HashMap<>();

    private final CamelContext camel;
    private final String type;
    private final Class<T> mbeanInterface;
    private ObjectName name;

    protected GatewayMBean(CamelContext camel, String type, Class<T> mbeanInterface) {
        this.camel = camel;
        this.type = type;
        this.mbeanInterface = mbeanInterface;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void register() throws JMException {
        String context = camel.getManagementName() != null ? camel.getManagementName() : camel.getName();
        String base = "io.github.erpgateway:type=" + type + ",context=" + ObjectName.quote(context);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (OWNERS) {
            // a running gateway keeps its name: several in one JVM (the tests) may report the same Camel name at start
            ObjectName candidate = new ObjectName(base);
            for (int instance = 2; OWNERS.containsKey(candidate); instance++) {
                candidate = new ObjectName(base + ",instance=" + instance);
            }
            if (server.isRegistered(candidate)) {
                server.unregisterMBean(candidate); // left by a gateway that stopped without unregistering
            }
            server.registerMBean(new StandardMBean(mbeanInterface.cast(this), mbeanInterface), candidate);
            OWNERS.put(candidate, this);
            name = candidate;
        }
    }

    /** The name it is registered under (null before the application is ready). */
    public ObjectName objectName() {
        return name;
    }

    @PreDestroy
    public void unregister() throws JMException {
        synchronized (OWNERS) {
            if (name != null && OWNERS.remove(name, this)) {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            }
        }
    }
}
