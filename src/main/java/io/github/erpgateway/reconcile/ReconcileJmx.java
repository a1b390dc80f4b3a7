package io.github.erpgateway.reconcile;

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
 * Registers the reconciliation as MBean {@code io.github.erpgateway:type=reconcile,context=<Camel management name>}
 * (operation {@code reconcile}), as replay/ReplayJmx does for the replay.
 */
@Component
class ReconcileJmx implements ReconcileMBean {

    private static final Map<ObjectName, ReconcileJmx> OWNERS = new HashMap<>();

    private final Reconciler reconciler;
    private final CamelContext camel;
    private ObjectName name;

    ReconcileJmx(Reconciler reconciler, CamelContext camel) {
        this.reconciler = reconciler;
        this.camel = camel;
    }

    @Override
    public Map<String, Object> reconcile(String source, String tenant, String entity) {
        try {
            return reconciler.onDemand(blankToNull(source), blankToNull(tenant), blankToNull(entity));
        } catch (IllegalArgumentException e) {
            return Map.of("error", e.getMessage());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() throws JMException {
        String context = camel.getManagementName() != null ? camel.getManagementName() : camel.getName();
        name = new ObjectName("io.github.erpgateway:type=reconcile,context=" + ObjectName.quote(context));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (OWNERS) {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new StandardMBean(this, ReconcileMBean.class), name);
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
