package io.github.erpgateway.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The names of the gateway's queues, written once. Java uses these constants; the route files use the placeholders
 * {@code {{gateway.queues.*}}} that {@link Placeholders} makes of them; BrokerFragmentTest holds
 * config/artemis/broker-gateway.xml to them. They are the consumers' contract (docs/canonical-event.md), not settings.
 */
public final class Queues {

    /** Every queue the gateway stores events on starts with this. */
    public static final String PREFIX = "erp.";
    /** Validly signed JSON that no route matched, or past a bound of gateway.limits. */
    public static final String UNROUTED = PREFIX + "unrouted";
    /** Validly signed bodies that are not a JSON object or past a parse bound. */
    public static final String PARKED = PREFIX + "parked";
    /** Events whose mapping or enrichment failed, and messages a consumer failed 10 times (the broker moves those). */
    public static final String DEAD_LETTER = PREFIX + "dlq";
    /** Where the broker moves expired messages. */
    public static final String EXPIRED = PREFIX + "expired";
    /** The queues the gateway sets events aside on; a replay reads them (docs/replay.md). */
    public static final List<String> SIDE = List.of(DEAD_LETTER, PARKED, UNROUTED);
    /** The queues that exist from the start, so that nothing routed to them is dropped. */
    public static final List<String> GATEWAY = List.of(UNROUTED, PARKED, DEAD_LETTER, EXPIRED);
    /** Artemis address match for {@code erp.<source>.<entity>} and longer names, not the two-word gateway queues. */
    public static final String ENTITY_MATCH = PREFIX + "*.*.#";
    /** The enrichment work queues {@code enrichment.<source>} start with this. */
    public static final String WORK_PREFIX = "enrichment.";

    private Queues() {
    }

    /** The queue of a source's canonical events of one entity: {@code erp.<source>.<entity>}. */
    public static String entity(String source, String entity) {
        return PREFIX + source + "." + entity;
    }

    /** Artemis address match for every entity queue of {@code source}. */
    public static String everyEntityOf(String source) {
        return PREFIX + source + ".#";
    }

    /** The queue of a source's enriched events of one entity: {@code erp.enriched.<source>.<entity>}. */
    public static String enriched(String source, String entity) {
        return PREFIX + "enriched." + source + "." + entity;
    }

    /** The durable work queue the broker copies a source's events to enrich to: {@code enrichment.<source>}. */
    public static String work(String source) {
        return WORK_PREFIX + source;
    }

    /**
     * Puts the names where the route files read them, {@code {{gateway.queues.unrouted}}} and the like, ahead of
     * every other property source: they are not a setting.
     */
    public static final class Placeholders implements EnvironmentPostProcessor {
        @Override
        public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
            Map<String, Object> names = new LinkedHashMap<>();
            names.put("gateway.queues.unrouted", UNROUTED);
            names.put("gateway.queues.parked", PARKED);
            names.put("gateway.queues.dead-letter", DEAD_LETTER);
            names.put("gateway.queues.work-prefix", WORK_PREFIX);
            environment.getPropertySources().addFirst(new MapPropertySource("gateway-queue-names", names));
        }
    }
}
