package io.github.erpgateway.lookup;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * Registers the lookup as MBean {@code io.github.erpgateway:type=events,context=<Camel management name>}, operation
 * {@code find}, where Hawtio's JMX tree shows it. Registered as replay/ReplayJmx is (several gateways in one test JVM).
 */
@Component
class EventLookupJmx implements EventLookupMBean {

    private static final Map<ObjectName, EventLookupJmx> OWNERS = new HashMap<>();

    private final EventLookup lookup;
    private final CamelContext camel;
    private ObjectName name;

    EventLookupJmx(EventLookup lookup, CamelContext camel) {
        this.lookup = lookup;
        this.camel = camel;
    }

    @Override
    public Map<String, Object> find(String id) {
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            LookupResult result = lookup.find(id);
            answer.put("status", result.status());
            answer.putAll(result.toMap());
        } catch (LookupRequestException e) {
            answer.put("status", e.status());
            answer.put("error", e.getMessage());
        }
        return answer;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() throws JMException {
        String context = camel.getManagementName() != null ? camel.getManagementName() : camel.getName();
        name = new ObjectName("io.github.erpgateway:type=events,context=" + ObjectName.quote(context));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (OWNERS) {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new StandardMBean(this, EventLookupMBean.class), name);
            OWNERS.put(name, this);
        }
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
