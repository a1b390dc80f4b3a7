package io.github.erpgateway.replay;

import java.util.Map;

import io.github.erpgateway.management.GatewayMBean;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * Registers the replay as MBean {@code io.github.erpgateway:type=replay,context=<Camel management name>} in the platform
 * MBean server, where Hawtio finds it (JMX tree, operation {@code replay}). The context key keeps two gateways in one
 * JVM (tests) apart. Jolokia lets only the admin run it (management/JolokiaOperations: unlisted operations).
 */
@Component
class ReplayJmx extends GatewayMBean<ReplayMBean> implements ReplayMBean {

    private final ReplayRunner runner;

    ReplayJmx(ReplayRunner runner, CamelContext camel) {
        super(camel, "replay", ReplayMBean.class);
        this.runner = runner;
    }

    @Override
    public Map<String, Object> replay(String queue, int count, String selector) {
        try {
            return runner.replay(queue, count, selector, "a JMX client").toMap();
        } catch (ReplayRequestException e) {
            return Map.of("error", e.getMessage());
        }
    }
}
