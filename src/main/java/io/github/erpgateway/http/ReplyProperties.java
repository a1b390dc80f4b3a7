package io.github.erpgateway.http;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code gateway.reply.*}: the bound on how long a webhook waits for its answer, whatever the route is waiting for.
 */
@ConfigurationProperties(prefix = "gateway.reply")
public class ReplyProperties {

    /**
     * A webhook not answered this long after it arrived gets 503 (the sender retries; a copy the route still stores
     * later is dropped by the broker's duplicate-id check). Each broker step is bounded by gateway.broker.send-timeout
     * already, but a webhook takes several steps, and during a failover the Artemis client and Spring's connection
     * factory wait on locks an interrupt does not end: this is the bound that holds regardless. Keep it at least
     * send-timeout.
     */
    private Duration timeout = Duration.ofSeconds(15);

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }
}
