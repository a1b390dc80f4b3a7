package io.github.erpgateway.broker;

import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConsumerPlugin;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;
import org.apache.activemq.artemis.protocol.amqp.proton.ProtonServerSenderContext;

/**
 * Counts an AMQP 1.0 delivery that was still unsettled when its consumer went away (its link detached, its connection
 * closed or was lost) as one failed delivery, as Artemis counts a CORE consumer's unacknowledged messages when its
 * connection fails. Artemis' AMQP module hands such messages back with their count lowered again, so a consumer that
 * crashed on a poison message would get it back forever, its delivery count never rising and
 * {@code max-delivery-attempts} (then {@code erp.dlq}) never applying. What the consumer settled, released or modified
 * itself is no longer being delivered and is not touched. Only consumer creation and closing call a consumer plugin:
 * nothing per message.
 *
 * <p>Registered on the embedded broker by {@link EmbeddedBrokerCustomizer}; an external broker gets it from
 * config/artemis/broker-gateway.xml and the broker plugin jar ({@link BrokerFragment}).
 */
public class AmqpUnsettledDeliveries implements ActiveMQServerConsumerPlugin {

    @Override
    public void beforeCloseConsumer(ServerConsumer consumer, boolean failed) {
        if (failed || !(consumer.getProtocolContext() instanceof ProtonServerSenderContext)) {
            return; // a failed close keeps the counts already; other protocols keep Artemis' rules
        }
        // the orderly close that follows lowers each count by one again: the net effect is one failed delivery
        for (MessageReference reference : consumer.scanDeliveringReferences(false, reference -> true, reference -> false)) {
            reference.incrementDeliveryCount();
        }
    }

    /**
     * The same for an external broker's broker.xml, whose {@code <broker-plugin>} accepts only classes of the full
     * plugin interface. That makes the broker call its other hooks (no-ops here) for every message too, which the
     * embedded broker avoids by registering the consumer plugin alone.
     */
    public static class BrokerXml extends AmqpUnsettledDeliveries implements ActiveMQServerPlugin {
    }
}
