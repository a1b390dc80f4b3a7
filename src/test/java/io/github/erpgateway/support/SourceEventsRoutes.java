package io.github.erpgateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.erpgateway.intake.WebhookProperties;
import io.github.erpgateway.routing.CompiledRegexSimpleLanguage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.MessageHistory;
import org.apache.camel.NamedNode;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.WhenDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code <source>-events} routes of the real route files ({@code routes/<source>.camel.yaml}), each alone in a
 * plain Camel context: no Spring, no broker, no HTTP. A parsed exchange sent through it comes back with the mapping
 * that the source's choice picked and the id of the {@code when} that matched, so a sample can be checked against its
 * route in milliseconds. The rest of the file (the templatedRoute and its webhook endpoint) is left out: it needs the
 * HTTP server, and the intake it calls is tested on its own.
 */
public final class SourceEventsRoutes implements AutoCloseable {

    /** What a source's choice made of one event. */
    public record Choice(String whenId, String mapping) {
    }

    private final CamelContext camel = new DefaultCamelContext();
    private final ProducerTemplate producer;
    private final Map<String, Map<String, String>> templateParameters = new java.util.HashMap<>();

    /** Loads the events route of every source in {@code sources} from {@code routesDir}. */
    public SourceEventsRoutes(Path routesDir, List<String> sources) throws Exception {
        camel.getRegistry().bind("simple-language", new CompiledRegexSimpleLanguage()); // as in the gateway
        camel.setMessageHistory(true);
        for (String source : sources) {
            Path file = routesDir.resolve(source + ".camel.yaml");
            templateParameters.put(source, templateParametersOf(file));
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString(
                    "file:" + file, eventsRouteOf(file, source + "-events")));
        }
        camel.start();
        producer = camel.createProducerTemplate();
    }

    /**
     * The parameters of the source's templatedRoute of {@code webhook-source} as written in its route file
     * ({@code eventFields}, {@code eventIdFields}, {@code signatureHeader}, ...); the template's defaults are not in it.
     */
    public Map<String, String> templateParameters(String source) {
        return templateParameters.getOrDefault(source, Map.of());
    }

    /** The parameters of the first templatedRoute in {@code file}, by name. */
    public static Map<String, String> templateParametersOf(Path file) throws IOException {
        List<Map<String, Object>> definitions = new Yaml().load(Files.readString(file));
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        for (Map<String, Object> definition : definitions) {
            if (definition.get("templatedRoute") instanceof Map<?, ?> templated
                    && templated.get("parameters") instanceof List<?> list) {
                for (Object parameter : list) {
                    if (parameter instanceof Map<?, ?> p) {
                        parameters.put(String.valueOf(p.get("name")), String.valueOf(p.get("value")));
                    }
                }
                break;
            }
        }
        return parameters;
    }

    /** The context the exchanges for {@link #choose} are made in. */
    public CamelContext camelContext() {
        return camel;
    }

    /** Sends a parsed exchange through {@code direct:<source>-events}; empty when no {@code when} matched. */
    public Optional<Choice> choose(Exchange parsed) {
        String source = parsed.getProperty(WebhookProperties.SOURCE, String.class);
        parsed.removeProperty(Exchange.MESSAGE_HISTORY);
        Exchange done = producer.send("direct:" + source + "-events", parsed);
        if (done.getException() != null) {
            throw new IllegalStateException("routes/" + source + ".camel.yaml failed on this event", done.getException());
        }
        String mapping = done.getProperty(WebhookProperties.MAPPING, String.class);
        if (mapping == null) {
            return Optional.empty();
        }
        return Optional.of(new Choice(matchedWhen(done), mapping));
    }

    /**
     * The id of the last {@code when} whose steps ran, from the exchange's message history: Camel records the steps, and
     * a step inside a {@code when} has the {@code choice} as its parent, so the {@code when} is the one that holds it.
     */
    private static String matchedWhen(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<MessageHistory> history = exchange.getProperty(Exchange.MESSAGE_HISTORY, List.class);
        String when = null;
        for (MessageHistory step : history == null ? List.<MessageHistory>of() : history) {
            NamedNode node = step.getNode();
            if (node != null && node.getParent() instanceof ChoiceDefinition choice) {
                for (WhenDefinition clause : choice.getWhenClauses()) {
                    if (clause.getOutputs().stream().anyMatch(output -> output == node)) {
                        when = clause.getId();
                    }
                }
            }
        }
        return when;
    }

    /** The one route of {@code file} whose id is {@code routeId}, as YAML; fails naming the file when it has none. */
    private static String eventsRouteOf(Path file, String routeId) throws IOException {
        List<Map<String, Object>> definitions = new Yaml().load(Files.readString(file));
        for (Map<String, Object> definition : definitions) {
            Object route = definition.get("route");
            if (route instanceof Map<?, ?> r && routeId.equals(r.get("id"))) {
                return new Yaml().dump(List.of(definition));
            }
        }
        throw new IllegalStateException(file + " has no route with id " + routeId);
    }

    @Override
    public void close() {
        camel.stop();
    }
}
