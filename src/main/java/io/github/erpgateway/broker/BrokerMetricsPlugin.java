package io.github.erpgateway.broker;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.core.server.metrics.ActiveMQMetricsPlugin;

/**
 * Hands the application's Micrometer registry to the embedded broker, so Artemis' own queue metrics
 * ({@code artemis.message.count{queue=…}} is the depth, {@code artemis.messages.added}, {@code artemis.consumer.count} …)
 * appear on {@code /actuator/prometheus} beside the gateway's.
 */
class BrokerMetricsPlugin implements ActiveMQMetricsPlugin {

    private static final long serialVersionUID = 1L;

    private final transient MeterRegistry registry;

    BrokerMetricsPlugin(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ActiveMQMetricsPlugin init(Map<String, String> options) {
        return this;
    }

    @Override
    public MeterRegistry getRegistry() {
        return registry;
    }
}
