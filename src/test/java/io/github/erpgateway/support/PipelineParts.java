package io.github.erpgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.intake.BodyHashWindow;
import io.github.erpgateway.intake.DispatcherHeaders;
import io.github.erpgateway.intake.PayloadLimits;
import io.github.erpgateway.intake.SignatureVerifier;
import io.github.erpgateway.intake.SourceRouteSettings;
import io.github.erpgateway.intake.WebhookParser;
import io.github.erpgateway.intake.WebhookProperties;
import io.github.erpgateway.mapping.MappingEngine;
import io.github.erpgateway.publish.CloudEventWriter;
import io.github.erpgateway.publish.EntityQueues;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The intake's Java steps built by hand, without Spring or a broker, for unit tests that take milliseconds: the
 * signature check, the parser and the CloudEvent writer with the mapping files of {@code routes/mappings}.
 */
public final class PipelineParts {

    private static final CamelContext CAMEL = new DefaultCamelContext();

    static {
        CAMEL.start(); // its type converter reads headers as strings, as in the running gateway
    }

    public final GatewayProperties properties = new GatewayProperties();
    public final PayloadLimits limits = new PayloadLimits();

    public PipelineParts() {
        properties.getBroker().setEmbedded(false);
    }

    /** Adds a source with its secrets ({@code hmac} unless changed on the returned object). */
    public GatewayProperties.Source source(String name, String... secrets) {
        GatewayProperties.Source source = new GatewayProperties.Source();
        source.setSecrets(new java.util.ArrayList<>(java.util.List.of(secrets)));
        properties.getSources().put(name, source);
        return source;
    }

    public SignatureVerifier verifier() {
        return new SignatureVerifier(properties);
    }

    public WebhookParser parser() {
        return new WebhookParser(limits, new DispatcherHeaders(properties, limits, new SourceRouteSettings()),
                new BodyHashWindow(properties));
    }

    public CloudEventWriter writer() {
        EntityQueues queues = new EntityQueues(limits, properties,
                new StaticListableBeanFactory().getBeanProvider(EmbeddedActiveMQ.class));
        return new CloudEventWriter(new MappingEngine(properties), limits, queues);
    }

    /**
     * An exchange as a source route hands it to the intake: its source and event fields set, the event id fields as
     * its route file (routes/&lt;source&gt;.camel.yaml) names them, the body as received.
     */
    public static Exchange webhook(String source, String eventFields, byte[] body, Map<String, String> headers) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(WebhookProperties.SOURCE, source);
        exchange.setProperty(WebhookProperties.EVENT_FIELDS, eventFields);
        exchange.setProperty(WebhookProperties.EVENT_ID_FIELDS, routeParameter(source, "eventIdFields"));
        exchange.getIn().setBody(body);
        exchange.setProperty(WebhookProperties.RAW_BODY, body); // as the signature check leaves it
        headers.forEach(exchange.getIn()::setHeader);
        return exchange;
    }

    private static String routeParameter(String source, String name) {
        Path routeFile = Path.of("routes", source + ".camel.yaml");
        try {
            return Files.exists(routeFile) ? SourceEventsRoutes.templateParametersOf(routeFile).get(name) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Exchange webhook(String source, String eventFields, String body) {
        return webhook(source, eventFields, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
