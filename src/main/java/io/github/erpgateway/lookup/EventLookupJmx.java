package io.github.erpgateway.lookup;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.erpgateway.management.GatewayMBean;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * Registers the lookup as MBean {@code io.github.erpgateway:type=events,context=<Camel management name>}, operation
 * {@code find}, where Hawtio's JMX tree shows it. Registered as every gateway MBean is (management/GatewayMBean).
 */
@Component
class EventLookupJmx extends GatewayMBean<EventLookupMBean> implements EventLookupMBean {

    private final EventLookup lookup;

    EventLookupJmx(EventLookup lookup, CamelContext camel) {
        super(camel, "events", EventLookupMBean.class);
        this.lookup = lookup;
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
}
