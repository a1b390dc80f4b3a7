package io.github.erpgateway.tracing;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.tracing.SpanAdapter;
import org.apache.camel.tracing.TagConstants;
import org.apache.camel.tracing.decorators.JmsSpanDecorator;

/**
 * A broker send or receive as a span with the queue it really used: the gateway sends through static endpoints and
 * names the queue in {@code CamelJmsDestinationName} (gateway.camel.yaml), so Camel's endpoint attributes
 * ({@code camel.uri}, {@code url.path}, {@code url.query}) named the endpoint's placeholder queue ({@code erp.unrouted},
 * {@code erp.dlq}) instead. Kept: the component, {@code messaging.destination.name} and, on a receive, the message id.
 * Camel's decorator loader takes this subclass in place of its own (META-INF/services/org.apache.camel.tracing.SpanDecorator).
 */
public class QueueSpans extends JmsSpanDecorator {

    @Override
    public void pre(SpanAdapter span, Exchange exchange, Endpoint endpoint) {
        span.setComponent(CAMEL_COMPONENT + getComponent());
        span.setTag(TagConstants.MESSAGE_BUS_DESTINATION, getDestination(exchange, endpoint));
        String messageId = getMessageId(exchange);
        if (messageId != null) {
            span.setTag(TagConstants.MESSAGE_ID, messageId);
        }
    }
}
