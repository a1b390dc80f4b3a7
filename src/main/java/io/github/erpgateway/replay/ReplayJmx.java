package io.github.erpgateway.replay;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.apache.camel.CamelContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Registers the replay as MBean {@code io.github.erpgateway:type=replay,context=<Camel management name>} in the platform
 * MBean server, where Hawtio finds it (JMX tree, operation {@code replay}). The context key keeps two gateways in one
 * JVM (tests) apart. Jolokia lets only the admin run it (management/JolokiaOperations: unlisted operations).
 */
@Component
class ReplayJmx implements ReplayMBean {

    private final ReplayRunner runner;
    private final CamelContext camel;
    /** Which gateway in this JVM registered each name (tests run several). */
    private static final Map<ObjectName, ReplayJmx> OWNERS = new HashMap<>();

    private ObjectName name;

    ReplayJmx(ReplayRunner runner, CamelContext camel) {
        this.runner = runner;
        this.camel = camel;
    }

    @Override
    public Map<String, Object> replay(String queue, int count, String selector) {
        try {
            return runner.replay(queue, count, selector, "a JMX client").toMap();
        } catch (ReplayRequestException e) {
            return Map.of("error", e.getMessage());
        }
    }

    /**
     * Camel gives a stopped context's management name to the next context, so an MBean left under that name belongs to
     * a context that no longer runs: it is replaced, and a context unregisters only the MBean it still owns.
     */
    @EventListener(ApplicationReadyEvent.class)
    void register() throws JMException {
        String context = camel.getManagementName() != null ? camel.getManagementName() : camel.getName();
        name = new ObjectName("io.github.erpgateway:type=replay,context=" + ObjectName.quote(context));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (OWNERS) {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new StandardMBean(this, ReplayMBean.class), name);
            OWNERS.put(name, this);
        }
    }

    /** The name it is registered under (null before the application is ready). */
    ObjectName objectName() {
        return name;
    }

    @jakarta.annotation.PreDestroy
    void unregister() throws JMException {
        synchronized (OWNERS) {
            if (name != null && OWNERS.remove(name, this)) {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            }
        }
    }
}
