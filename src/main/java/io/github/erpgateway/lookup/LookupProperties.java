package io.github.erpgateway.lookup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Bounds of an event lookup ({@code GET /actuator/events/{id}}, docs/operations.md): it browses, so it costs broker reads. */
@ConfigurationProperties(prefix = "gateway.lookup")
public class LookupProperties {

    /** Messages a lookup browses at most, over all queues together; past it the answer says it stopped early. */
    private int maxMessages = 100_000;

    /** How long a lookup browses at most; past it the answer says it stopped early. */
    private Duration maxDuration = Duration.ofSeconds(5);

    /** Lookups that may run at once; one more is answered 429. */
    private int maxConcurrent = 2;

    public int getMaxMessages() {
        return maxMessages;
    }

    public void setMaxMessages(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    public Duration getMaxDuration() {
        return maxDuration;
    }

    public void setMaxDuration(Duration maxDuration) {
        this.maxDuration = maxDuration;
    }

    public int getMaxConcurrent() {
        return maxConcurrent;
    }

    public void setMaxConcurrent(int maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }
}
