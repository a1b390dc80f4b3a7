package io.github.erpgateway.dryrun;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.erpgateway.broker.Queues;
import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.enrich.EnrichmentMark;
import io.github.erpgateway.enrich.Vendors;
import io.github.erpgateway.intake.WebhookParser;
import io.github.erpgateway.intake.WebhookProperties;
import io.github.erpgateway.mapping.MappingException;
import io.github.erpgateway.publish.CloudEventWriter;
import io.github.erpgateway.publish.LimitExceededException;
import org.apache.camel.CamelContext;
import org.apache.camel.Channel;
import org.apache.camel.Exchange;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.processor.ChoiceProcessor;
import org.apache.camel.processor.FilterProcessor;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * Runs a payload through a source's pipeline as a webhook would go, minus the signature check and minus every step
 * that keeps something: the parser ({@code webhookParser}), the source's running {@code <source>-events} route (as the
 * route file is now, live edits included), and the mapping it chose with the CloudEvent writer (as the mapping file is
 * now) and the enrichment mark, whose message is then not sent. The steps that depend on the signature (a secret
 * bound to a tenant) do not apply. Nothing reaches the broker, the duplicate memory ({@code seenEvents}), the
 * enrichment (a broker divert of a stored message) or the webhook metrics (written with a webhook's reply, which a dry
 * run never makes); the entity-queue limit is checked, not counted. The {@code when} that matched is the first of the
 * running route's choice whose own predicate holds for the parsed event.
 */
@Component
public class DryRunner {

    static final String ACCEPTED = "accepted";
    static final String UNROUTED = "unrouted";
    static final String PARKED = "parked";
    static final String DEAD_LETTERED = "dead-lettered";
    static final String FAILED = "failed";

    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int MAX_HEADERS = 50;
    private static final int MAX_HEADER_NAME = 256;
    private static final int MAX_HEADER_VALUE = 8192;
    private static final int MAX_REASON = 300;

    private final CamelContext camel;
    private final WebhookParser parser;
    private final CloudEventWriter writer;
    private final EnrichmentMark enrichmentMark;
    private final GatewayProperties properties;
    /** Reads the CloudEvent back for the answer with every number as written. */
    private final ObjectMapper exact = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    /** Camel Spring Boot's template, shared with the rest of the application. */
    private final ProducerTemplate producer;

    public DryRunner(CamelContext camel, WebhookParser parser, CloudEventWriter writer, EnrichmentMark enrichmentMark,
            GatewayProperties properties, ProducerTemplate producer) {
        this.camel = camel;
        this.producer = producer;
        this.parser = parser;
        this.writer = writer;
        this.enrichmentMark = enrichmentMark;
        this.properties = properties;
    }

    /**
     * @param source  a configured source with a running route file
     * @param payload the webhook body, exactly
     * @param headers request headers as the vendor would send them (the signature is not checked)
     * @return what would become of it; nothing is stored
     */
    public Map<String, Object> run(String source, byte[] payload, Map<String, Object> headers) {
        if (source == null || !SOURCE.matcher(source).matches() || !properties.getSources().containsKey(source)) {
            throw new DryRunRequestException(400, "source must be a configured source (gateway.sources): "
                    + String.join(", ", properties.getSources().keySet()));
        }
        Route events = eventsRoute(source);
        Map<String, Object> parameters = templateParameters(source);
        if (events == null || parameters == null) {
            // as a webhook to it is answered meanwhile (route-unavailable): its file is being reloaded, or it has none
            throw new DryRunRequestException(503, "source '" + source + "' has no running route from direct:" + source
                    + "-events and templatedRoute of webhook-source (routes/" + source + ".camel.yaml is being reloaded,"
                    + " or does not exist); try again");
        }
        byte[] body = body(payload);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeaders(headers(headers));
        exchange.setProperty(WebhookProperties.SOURCE, source);
        for (String name : List.of(WebhookProperties.VERIFICATION, WebhookProperties.SIGNATURE_HEADER,
                WebhookProperties.EVENT_FIELDS, WebhookProperties.EVENT_ID_FIELDS, EnrichmentMark.DECLARATION)) {
            if (parameters.get(name) != null) {
                exchange.setProperty(name, parameters.get(name).toString());
            }
        }
        exchange.setProperty(WebhookProperties.RAW_BODY, body);

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("source", source);
        answer.put("stored", false);
        parser.process(exchange);
        answer.put("eventId", exchange.getProperty(WebhookProperties.EVENT_ID, String.class));
        String parseError = exchange.getProperty(WebhookProperties.PARSE_ERROR, String.class);
        if (parseError != null) {
            return sideQueue(answer, PARKED, Queues.PARKED, parseError);
        }
        answer.put("vendorEvent", exchange.getProperty(WebhookProperties.VENDOR_EVENT, String.class));
        answer.put("eventKey", exchange.getProperty(WebhookProperties.EVENT_KEY, String.class));
        String when = matchedWhen(events, exchange);
        if (when != null) {
            answer.put("when", when);
        }
        answer.put("route", events.getRouteId());

        producer.send("direct:" + source + "-events", exchange);
        if (exchange.getException() != null) {
            // a webhook would be answered 500 (routeConfiguration webhook-replies) and stored nowhere
            return failed(answer, "route " + events.getRouteId() + " failed: " + exchange.getException().getMessage());
        }
        String mapping = exchange.getProperty(WebhookProperties.MAPPING, String.class);
        if (mapping == null) {
            return sideQueue(answer, UNROUTED, Queues.UNROUTED, "no route matches event '"
                    + exchange.getProperty(WebhookProperties.VENDOR_EVENT, "", String.class) + "'");
        }
        answer.put("mapping", mapping);
        try {
            writer.preview(exchange);
            enrichmentMark.process(exchange); // the publish route's next step: the `enrich` property
        } catch (MappingException e) {
            return sideQueue(answer, DEAD_LETTERED, Queues.DEAD_LETTER, e.getMessage());
        } catch (LimitExceededException e) {
            return sideQueue(answer, UNROUTED, Queues.UNROUTED, e.getMessage());
        } catch (Exception e) {
            return failed(answer, "the CloudEvent could not be written: " + e.getMessage());
        }
        String queue = exchange.getProperty(WebhookProperties.QUEUE, String.class);
        answer.put("outcome", ACCEPTED);
        answer.put("queue", queue);
        answer.put("eventId", exchange.getProperty(WebhookProperties.EVENT_ID, String.class));
        Map<String, Object> jmsProperties = new TreeMap<>();
        exchange.getIn().getHeaders().forEach((name, value) -> {
            if (!name.startsWith("Camel")) { // Camel's own headers (the destination) are not JMS properties
                jmsProperties.put(name, value);
            }
        });
        answer.put("properties", jmsProperties);
        if (Boolean.TRUE.equals(jmsProperties.get(Vendors.ENRICH_PROPERTY))) {
            answer.put("enrichment", "a stored copy would go to " + Queues.work(source)
                    + " for enrichment (a dry run starts none)");
        }
        try {
            answer.put("cloudEvent", exact.readTree(exchange.getIn().getBody(String.class)));
        } catch (JsonProcessingException e) {
            answer.put("cloudEvent", exchange.getIn().getBody(String.class));
        }
        return answer;
    }

    private static Map<String, Object> sideQueue(Map<String, Object> answer, String outcome, String queue, String reason) {
        answer.put("outcome", outcome);
        answer.put("queue", queue);
        answer.put("reason", cut(reason));
        return answer;
    }

    private static Map<String, Object> failed(Map<String, Object> answer, String reason) {
        answer.put("outcome", FAILED);
        answer.put("reason", cut(reason) + " (a webhook would be answered 500 and stored nowhere)");
        return answer;
    }

    private static String cut(String text) {
        String value = text == null ? "" : text;
        return value.length() <= MAX_REASON ? value : value.substring(0, MAX_REASON) + "...";
    }

    private byte[] body(byte[] payload) {
        if (payload == null) {
            throw new DryRunRequestException(400, "payload is required: the webhook body, as JSON or as a string");
        }
        if (payload.length > properties.getMaxBodyBytes()) {
            throw new DryRunRequestException(413, "payload is larger than gateway.max-body-bytes ("
                    + properties.getMaxBodyBytes() + " bytes); a webhook this large is answered 413");
        }
        return payload;
    }

    private static Map<String, Object> headers(Map<String, Object> headers) {
        Map<String, Object> request = new LinkedHashMap<>();
        if (headers == null) {
            return request;
        }
        if (headers.size() > MAX_HEADERS) {
            throw new DryRunRequestException(400, "headers: at most " + MAX_HEADERS);
        }
        headers.forEach((name, value) -> {
            if (name.length() > MAX_HEADER_NAME || !(value instanceof String text) || text.length() > MAX_HEADER_VALUE) {
                throw new DryRunRequestException(400, "headers: each a string of at most " + MAX_HEADER_VALUE
                        + " characters, named in at most " + MAX_HEADER_NAME);
            }
            request.put(name, text);
        });
        return request;
    }

    /** The running route from {@code direct:<source>-events}, as the route file is now (reloads replace it). */
    private Route eventsRoute(String source) {
        String uri = "direct://" + source + "-events";
        return camel.getRoutes().stream().filter(route -> uri.equals(route.getEndpoint().getEndpointUri()))
                .findFirst().orElse(null);
    }

    /** The parameters of the source's templatedRoute of webhook-source, as its route file names them now. */
    private Map<String, Object> templateParameters(String source) {
        for (RouteDefinition route : camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            Map<String, Object> parameters = route.getTemplateParameters();
            if (parameters != null && source.equals(parameters.get(WebhookProperties.SOURCE))
                    && parameters.get(WebhookProperties.EVENT_FIELDS) != null) {
                return parameters;
            }
        }
        return null;
    }

    /**
     * The id of the first {@code when} of the route's choice whose predicate, the running route's own, holds for the
     * parsed event: what the choice picks, as the source files have it (the choice is the events route's first step).
     * Camel gives a when's runtime filter no id: the id is the one of the choice's when at the same place in the model
     * that the running route was made from. Predicates only read the exchange; the choice's statistics are untouched.
     */
    static String matchedWhen(Route route, Exchange exchange) {
        ChoiceProcessor choice = firstChoice(route.navigate());
        if (choice == null) {
            return null;
        }
        List<FilterProcessor> filters = choice.getFilters();
        ChoiceDefinition definition = route.getCamelContext().getCamelContextExtension().getContextPlugin(Model.class)
                .getProcessorDefinition(choice.getId(), ChoiceDefinition.class);
        for (int i = 0; i < filters.size(); i++) {
            if (filters.get(i).getPredicate().matches(exchange)) {
                return definition != null && definition.getWhenClauses().size() == filters.size()
                        ? definition.getWhenClauses().get(i).getId() : null;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static ChoiceProcessor firstChoice(Navigate<Processor> steps) {
        if (steps == null || !steps.hasNext()) {
            return null;
        }
        for (Processor next : steps.next()) {
            // as Camel's own Route.filter walks it: a channel (error handler, advices) wraps each step
            Processor step = next instanceof Channel channel ? channel.getNextProcessor() : next;
            if (step instanceof ChoiceProcessor choice) {
                return choice;
            }
            if (step instanceof Navigate<?> inner) {
                ChoiceProcessor found = firstChoice((Navigate<Processor>) inner);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
