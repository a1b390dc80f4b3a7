package io.github.erpgateway.publish;

import io.github.erpgateway.config.GatewayProperties;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's memory of recently stored event ids ({@code seenEvents} in the routes). It lets a redelivery be
 * answered at once and counted as a duplicate; the broker's persisted duplicate detection ({@code _AMQ_DUPL_ID})
 * is what guarantees "stored once" across restarts and gateway instances. Fingerprints in fixed arrays (RecentIds),
 * so the memory costs the garbage collector nothing per webhook.
 */
@Configuration(proxyBeanMethods = false)
public class DuplicateMemoryConfiguration {

    @Bean("seenEvents")
    IdempotentRepository seenEvents(GatewayProperties properties) {
        return new RecentIds(properties.getDuplicates().getCacheSize());
    }
}
