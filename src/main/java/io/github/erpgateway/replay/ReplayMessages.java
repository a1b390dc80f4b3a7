package io.github.erpgateway.replay;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.erpgateway.broker.Queues;
import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.enrich.EnrichmentMark;
import io.github.erpgateway.enrich.EnrichmentProperties;
import io.github.erpgateway.enrich.Vendors;
import io.github.erpgateway.intake.WebhookProperties;
import io.github.erpgateway.publish.SideQueueMessages;
import io.github.erpgateway.reply.LogText;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsConstants;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;

/**
 * Turns a webhook kept on a side queue back into what the intake made of the request, for route
 * {@code replay-webhook}, and an event whose enrichment failed back into a work item ({@link #restoreEnrichment}).
 * For a webhook: the exact bytes, the source, the receive time, and the trusted dispatcher headers, which the
 * side queue keeps as {@code vwd_*} properties and which become {@code x-vwd-*} headers again, so the parser admits them
 * by the same rules as on the first delivery. No other property of the side-queue message reaches the pipeline.
 */
@Component("replayMessages")
public class ReplayMessages {

    private static final String DISPATCHER_PROPERTY = "vwd_";

    private static final String GROUP_ID = "JMSXGroupID";

    private final GatewayProperties properties;
    private final EnrichmentProperties enrichment;

    public ReplayMessages(GatewayProperties properties, EnrichmentProperties enrichment) {
        this.properties = properties;
        this.enrichment = enrichment;
    }

    /**
     * Prepares an event whose enrichment failed for its vendor's work queue, for route {@code replay-enrichment}. Its
     * {@code source} must be a configured source whose enrichment is on: any other would name a queue nobody consumes,
     * or (as part of a queue name) make the gateway evaluate what the message carries. The work queue is named here, in
     * {@code CamelJmsDestinationName}, from that checked value; the message keeps only its canonical properties (those
     * ReplayRunner carried over), its ordering group, and the run's marker, which its dead letter keeps if the
     * enrichment fails again, so that this run does not take it a second time.
     */
    public void restoreEnrichment(Exchange exchange) {
        Message in = exchange.getIn();
        String source = in.getHeader("source", String.class);
        if (source == null || !Vendors.ALL.contains(source) || !properties.getSources().containsKey(source)
                || !enrichment.vendor(source).isActive()) {
            throw new ReplayException("its source '" + LogText.escape(source) + "' is not a source whose enrichment is on"
                    + " (a configured source with gateway.enrichment.<source>.client-id, not enabled=false)");
        }
        in.removeHeader("source");
        in.removeHeader("receivedat");
        in.setHeader(GROUP_ID, source + "|" + orEmpty(in.getHeader("tenant", String.class)) + "|"
                + orEmpty(in.getHeader("entity", String.class)) + "|" + orEmpty(in.getHeader("ce_subject", String.class)));
        in.setHeader(SideQueueMessages.REPLAY_RUN, exchange.getProperty(WebhookProperties.REPLAY_RUN, String.class));
        in.setHeader(JmsConstants.JMS_DESTINATION_NAME, Queues.work(source));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    public void restoreWebhook(Exchange exchange) {
        Message in = exchange.getIn();
        String source = in.getHeader("source", String.class);
        if (source == null || !properties.getSources().containsKey(source)) {
            throw new ReplayException("its source '" + LogText.escape(source) + "' is not configured (gateway.sources)");
        }
        String events = "direct://" + source + "-events";
        if (exchange.getContext().getRoutes().stream().noneMatch(r -> events.equals(r.getEndpoint().getEndpointUri()))) {
            throw new ReplayException("source '" + source + "' has no route from direct:" + source
                    + "-events (a source route file from before replay existed, see docs/replay.md)");
        }
        Map<String, Object> dispatcher = new LinkedHashMap<>();
        in.getHeaders().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(DISPATCHER_PROPERTY) && value instanceof String text) {
                dispatcher.put("x-vwd-" + lower.substring(DISPATCHER_PROPERTY.length()).replace('_', '-'), text);
            }
        });
        String receivedAt = in.getHeader("receivedat", String.class);
        byte[] raw = in.getBody(byte[].class);
        in.removeHeaders("*");
        in.setHeaders(dispatcher);
        exchange.setProperty(WebhookProperties.SOURCE, source);
        sourceTemplateParameters(exchange, source);
        exchange.setProperty(WebhookProperties.RAW_BODY, raw == null ? new byte[0] : raw);
        if (receivedAt != null) {
            exchange.setProperty(WebhookProperties.RECEIVED_AT, receivedAt);
        }
    }

    /**
     * What the source's webhook route sets after the signature check (the event and event id fields, the entities to
     * enrich), as its templatedRoute of {@code webhook-source}
     * names it now (so a replay after an edit of the route file uses the edited fields). Nothing for a source whose
     * webhook route is not made from the template: its events route sets them itself.
     */
    private static void sourceTemplateParameters(Exchange exchange, String source) {
        for (RouteDefinition route : exchange.getContext().getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinitions()) {
            Map<String, Object> parameters = route.getTemplateParameters();
            if (parameters != null && source.equals(parameters.get(WebhookProperties.SOURCE))
                    && parameters.get(WebhookProperties.EVENT_FIELDS) != null) {
                exchange.setProperty(WebhookProperties.EVENT_FIELDS, parameters.get(WebhookProperties.EVENT_FIELDS));
                exchange.setProperty(WebhookProperties.EVENT_ID_FIELDS, parameters.get(WebhookProperties.EVENT_ID_FIELDS));
                exchange.setProperty(EnrichmentMark.DECLARATION, parameters.get(EnrichmentMark.DECLARATION));
                return;
            }
        }
    }
}
