package io.github.erpgateway.publish;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.intake.PayloadLimits;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Bounds how many {@code erp.<source>.<entity>} queues a payload can make the gateway create: every entity queue is
 * a durable queue, a set of broker meters and MBeans and a cached producer, and a Business NXT table name or a Venio
 * topic is chosen by the sender. Counts the distinct entity queues the gateway has sent to; with the embedded broker
 * the count starts from the entity queues already in its journal, so a restart does not reset it. With an external
 * broker only the queues this gateway process sent to since it started are counted.
 */
@Component
public class EntityQueues {

    private static final Logger LOG = LoggerFactory.getLogger(EntityQueues.class);

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final int max;

    public EntityQueues(PayloadLimits limits, GatewayProperties properties, ObjectProvider<EmbeddedActiveMQ> embedded) {
        this.max = limits.getMaxEntityQueues();
        EmbeddedActiveMQ broker = properties.getBroker().isEmbedded() ? embedded.getIfAvailable() : null;
        if (broker != null && broker.getActiveMQServer() != null && broker.getActiveMQServer().getPostOffice() != null) {
            Pattern entityQueue = Pattern.compile("erp\\.(" + String.join("|", properties.getSources().keySet().stream()
                    .map(Pattern::quote).toList()) + ")\\.[a-z0-9][a-z0-9-]*");
            broker.getActiveMQServer().getPostOffice().getAddresses().stream()
                    .map(Object::toString)
                    .filter(name -> entityQueue.matcher(name).matches())
                    .forEach(known::add);
        }
        LOG.info("{} entity queues exist; the gateway creates at most {} (gateway.limits.max-entity-queues)", known.size(), max);
    }

    /** True when the gateway may send to {@code queue}: it already did, or there is room for one more. */
    public boolean admit(String queue) {
        if (known.contains(queue)) {
            return true;
        }
        synchronized (known) {
            if (known.size() >= max) {
                return false;
            }
            known.add(queue);
            return true;
        }
    }

    /** True when {@link #admit} would admit {@code queue}, without counting it (a dry run). */
    public boolean wouldAdmit(String queue) {
        return known.contains(queue) || known.size() < max;
    }

    int count() {
        return known.size();
    }
}
