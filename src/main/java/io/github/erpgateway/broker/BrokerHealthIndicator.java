package io.github.erpgateway.broker;

import io.github.erpgateway.config.GatewayProperties;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * "broker" in the readiness group: DOWN while the broker refuses or blocks producers, which the "jms" indicator (it
 * only opens a connection) does not see. A load balancer then stops sending webhooks that could only get 503.
 */
@Component
class BrokerHealthIndicator implements HealthIndicator {

    private final BrokerAvailability availability;

    private final GatewayProperties.Broker broker;

    BrokerHealthIndicator(BrokerAvailability availability, GatewayProperties properties) {
        this.availability = availability;
        this.broker = properties.getBroker();
    }

    @Override
    public Health health() {
        if (availability.diskFull()) {
            return Health.down().withDetail("reason", "disk usage over gateway.broker.max-disk-usage ("
                    + broker.getMaxDiskUsage() + "%), the broker takes no messages").build();
        }
        if (availability.failingOver()) {
            return Health.down().withDetail("reason", "the connection to the broker is failing over").build();
        }
        if (availability.blocking()) {
            return Health.down().withDetail("reason", "a send was not confirmed within gateway.broker.send-timeout ("
                    + broker.getSendTimeout().toMillis() + " ms) and none has been since").build();
        }
        return Health.up().build();
    }
}
