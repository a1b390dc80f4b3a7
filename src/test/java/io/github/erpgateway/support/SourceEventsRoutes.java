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

    /** One {@code when} of a source's choice as its route file writes it: id, predicate and the mapping it sets. */
    public record When(String id, String simple, String mapping) {

        private static final java.util.regex.Pattern PLAIN_REGEX =
                java.util.regex.Pattern.compile("(?s)\\s*\\$\\{exchangeProperty\\.eventKey}\\s+regex\\s+'([^']*)'\\s*");

        /** The routing keys it accepts, when its predicate is a plain regex on the key of finite alternatives. */
        public Optional<List<String>> routingKeys() {
            java.util.regex.Matcher plain = PLAIN_REGEX.matcher(simple);
            return plain.matches() ? Optional.of(RegexAlternatives.of(plain.group(1))) : Optional.empty();
        }
    }

    private final CamelContext camel = new DefaultCamelContext();
    private final ProducerTemplate producer;
    private final Map<String, Map<String, String>> templateParameters = new java.util.HashMap<>();
    private final Map<String, List<When>> whens = new java.util.HashMap<>();

    /** Loads the events route of every source in {@code sources} from {@code routesDir}. */
    public SourceEventsRoutes(Path routesDir, List<String> sources) throws Exception {
        camel.getRegistry().bind("simple-language", new CompiledRegexSimpleLanguage()); // as in the gateway
        camel.disableJMX(); // beside a gateway in the same JVM (the ITs), no MBean of this context may clash with its own
        camel.setMessageHistory(true);
        for (String source : sources) {
            Path file = routesDir.resolve(source + ".camel.yaml");
            templateParameters.put(source, templateParametersOf(file));
            Map<String, Object> eventsRoute = eventsRouteOf(file, source + "-events");
            whens.put(source, whensOf(eventsRoute));
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString(
                    "file:" + file, new Yaml().dump(List.of(eventsRoute))));
        }
        // camel-test-spring leaves DefaultCamelContext's no-start flag set on the thread that built a gateway's context
        boolean noStart = DefaultCamelContext.isNoStart();
        DefaultCamelContext.setNoStart(false);
        try {
            camel.start();
        } finally {
            DefaultCamelContext.setNoStart(noStart);
        }
        if (!camel.isStarted()) {
            throw new IllegalStateException("the Camel context with the events routes of " + sources + " did not start");
        }
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

    /** The {@code when}s of the source's choice, in their order. */
    public List<When> whens(String source) {
        return whens.getOrDefault(source, List.of());
    }

    /** The one route of {@code file} whose id is {@code routeId}; fails naming the file when it has none. */
    private static Map<String, Object> eventsRouteOf(Path file, String routeId) throws IOException {
        List<Map<String, Object>> definitions = new Yaml().load(Files.readString(file));
        for (Map<String, Object> definition : definitions) {
            Object route = definition.get("route");
            if (route instanceof Map<?, ?> r && routeId.equals(r.get("id"))) {
                return definition;
            }
        }
        throw new IllegalStateException(file + " has no route with id " + routeId);
    }

    /** The whens of the first choice among the route's steps, with the mapping each sets. */
    @SuppressWarnings("unchecked")
    private static List<When> whensOf(Map<String, Object> definition) {
        Map<String, Object> route = (Map<String, Object>) definition.get("route");
        Map<String, Object> from = (Map<String, Object>) route.get("from");
        List<When> found = new java.util.ArrayList<>();
        for (Object step : (List<Object>) from.getOrDefault("steps", List.of())) {
            if (step instanceof Map<?, ?> s && s.get("choice") instanceof Map<?, ?> choice) {
                for (Object w : (List<Object>) choice.get("when")) {
                    Map<String, Object> when = (Map<String, Object>) w;
                    String mapping = null;
                    for (Object inner : (List<Object>) when.getOrDefault("steps", List.of())) {
                        if (inner instanceof Map<?, ?> i && i.get("setProperty") instanceof Map<?, ?> set
                                && "mapping".equals(set.get("name"))) {
                            mapping = String.valueOf(set.get("constant"));
                        }
                    }
                    found.add(new When(String.valueOf(when.get("id")), String.valueOf(when.get("simple")), mapping));
                }
                break;
            }
        }
        return found;
    }

    @Override
    public void close() {
        camel.stop();
    }
}
