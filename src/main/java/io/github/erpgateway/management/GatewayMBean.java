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
 * ({@link JolokiaOperations}). The context key keeps two gateways in one JVM (tests) apart. Camel gives a stopped
 * context's management name to the next context, so an MBean left under that name belongs to a context that no longer
 * runs: it is replaced, and a gateway unregisters only the MBean it still owns.
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
        name = new ObjectName("io.github.erpgateway:type=" + type + ",context=" + ObjectName.quote(context));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (OWNERS) {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new StandardMBean(mbeanInterface.cast(this), mbeanInterface), name);
            OWNERS.put(name, this);
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
