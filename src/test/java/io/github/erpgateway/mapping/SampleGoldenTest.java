package io.github.erpgateway.mapping;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.erpgateway.intake.WebhookProperties;
import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.PipelineParts;
import io.github.erpgateway.support.SourceEventsRoutes;
import io.github.erpgateway.support.TestSources;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample under {@code samples/<source>/} through its source's real route and mapping, in the unit phase: the
 * parser, the {@code <source>-events} choice of {@code routes/<source>.camel.yaml} and the mapping that the choice
 * picked. The result must be the golden file beside the sample ({@code .expected}): the {@code when} that matched, the
 * mapping, the CloudEvent attributes (all but {@code data} and {@code receivedat}) and the queue. No Spring, no
 * broker, no HTTP: milliseconds per sample. A sample that no {@code when} matches fails naming the sample and its
 * routing key; a difference is reported field by field.
 *
 * <p>After a deliberate change, or for a new sample without a golden file, run
 * {@code ./mvnw test -Dtest=SampleGoldenTest -Dgolden.update=true}: it writes the golden files, names each file it
 * wrote, and passes. Review the diff before committing it.
 */
class SampleGoldenTest {

    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final PipelineParts PARTS = new PipelineParts();
    private static SourceEventsRoutes routes;

    @BeforeAll
    static void loadRoutes() throws Exception {
        routes = new SourceEventsRoutes(Path.of("routes"), TestSources.inRoutes());
    }

    @AfterAll
    static void closeRoutes() {
        routes.close();
    }

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("samples"), 2)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleTakesItsRouteToItsGoldenCloudEvent(Path sample) throws Exception {
        String source = sample.getParent().getFileName().toString();
        Path routeFile = Path.of("routes", source + ".camel.yaml");
        if (!TestSources.inRoutes().contains(source)) {
            fail("%s: its folder names source '%s', but %s defines no such source", sample, source, routeFile);
        }
        Map<String, String> parameters = routes.templateParameters(source);
        if (parameters.get("eventFields") == null) {
            fail("%s sets no eventFields in its templatedRoute", routeFile);
        }
        Exchange exchange = PipelineParts.webhook(source, parameters.get("eventFields"), Files.readAllBytes(sample), Map.of());
        PARTS.parser().process(exchange);
        String parseError = exchange.getProperty(WebhookProperties.PARSE_ERROR, String.class);
        if (parseError != null) {
            fail("%s is parked, not routed: %s", sample, parseError);
        }

        Exchange routed = new DefaultExchange(routes.camelContext());
        routed.getProperties().putAll(exchange.getProperties());
        routed.getIn().setBody(exchange.getIn().getBody());
        Optional<SourceEventsRoutes.Choice> choice = routes.choose(routed);
        if (choice.isEmpty()) {
            fail("%s: no `when` of %s matched its routing key '%s' (event fields %s, values '%s'); add the event to a "
                    + "when's regex, or a when of its own", sample, routeFile,
                    routed.getProperty(WebhookProperties.EVENT_KEY), parameters.get("eventFields"),
                    routed.getProperty(WebhookProperties.VENDOR_EVENT));
        }
        exchange.setProperty(WebhookProperties.MAPPING, choice.get().mapping());
        PARTS.writer().process(exchange);
        ObjectNode actual = golden(choice.get(), exchange);

        Path goldenFile = Path.of(sample.toString().replaceAll("\\.json$", ".expected"));
        if (UPDATE) {
            String text = GatewayTestSupport.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n";
            if (!Files.exists(goldenFile) || !Files.readString(goldenFile).equals(text)) {
                Files.writeString(goldenFile, text);
                System.out.println("golden.update wrote " + goldenFile);
            }
            return;
        }
        if (!Files.exists(goldenFile)) {
            fail("%s has no golden file %s: run ./mvnw test -Dtest=SampleGoldenTest -Dgolden.update=true to write it, "
                    + "then review it", sample, goldenFile);
        }
        List<String> differences = differences((ObjectNode) GatewayTestSupport.JSON.readTree(goldenFile.toFile()), actual);
        if (!differences.isEmpty()) {
            fail("%s differs from %s in %d field(s):%n  %s%nIf the change is deliberate, run ./mvnw test "
                    + "-Dtest=SampleGoldenTest -Dgolden.update=true and review the diff.", sample, goldenFile,
                    differences.size(), String.join(System.lineSeparator() + "  ", differences));
        }
    }

    /** What a golden file holds: the when and the mapping, the CloudEvent's attributes without data, and the queue. */
    private static ObjectNode golden(SourceEventsRoutes.Choice choice, Exchange exchange) throws IOException {
        ObjectNode golden = GatewayTestSupport.JSON.createObjectNode();
        golden.put("when", choice.whenId());
        golden.put("mapping", choice.mapping());
        ObjectNode attributes = (ObjectNode) GatewayTestSupport.JSON.readTree(exchange.getIn().getBody(String.class));
        String receivedAt = attributes.path("receivedat").asText();
        attributes.remove("data");
        attributes.remove("receivedat");
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            // Venio sends no time of change: the mapping takes the time received, which differs per run
            boolean isReceivedAt = attribute.getValue().asText().equals(receivedAt);
            // a payload without an id is named by its body and the time window it arrived in (BodyHashWindow)
            boolean isBodyKey = attribute.getKey().equals("id") && !new String(exchange.getProperty(WebhookProperties.RAW_BODY,
                    byte[].class), java.nio.charset.StandardCharsets.UTF_8).contains(attribute.getValue().asText());
            golden.put(attribute.getKey(), isReceivedAt ? "<receivedat>" : isBodyKey ? "<body key>" : attribute.getValue().asText());
        }
        golden.put("queue", exchange.getProperty(WebhookProperties.QUEUE, String.class));
        return golden;
    }

    /** One line per field that is missing, extra or different, in the golden file's order, then the extra ones. */
    static List<String> differences(ObjectNode expected, ObjectNode actual) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> extra = new TreeSet<>();
        actual.fieldNames().forEachRemaining(extra::add);
        for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            extra.remove(name);
            if (!actual.has(name)) {
                differences.add(name + ": expected " + expected.get(name) + ", but it is missing");
            } else if (!actual.get(name).equals(expected.get(name))) {
                differences.add(name + ": expected " + expected.get(name) + ", was " + actual.get(name));
            }
        }
        extra.forEach(name -> differences.add(name + ": not in the golden file, was " + actual.get(name)));
        return differences;
    }
}
