package io.github.erpgateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.erpgateway.intake.WebhookProperties;
import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.PipelineParts;
import org.apache.camel.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: every sample under {@code samples/<source>/} runs through the parser and the mapping named in the
 * {@code .expected} file beside it, and the CloudEvent attributes (all but {@code data} and {@code receivedat}) and
 * the queue must be exactly the ones written there. No Spring, no broker: milliseconds per sample.
 * After a deliberate mapping change, rewrite the files with {@code -Dgolden.update=true} and review the diff.
 */
class MappingGoldenTest {

    private static final PipelineParts PARTS = new PipelineParts();

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("samples"), 2)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleMapsToItsGoldenCloudEvent(Path sample) throws Exception {
        Path golden = Path.of(sample.toString().replaceAll("\\.json$", ".expected"));
        assertThat(golden).as("a sample needs its golden file: create it with {\"mapping\": \"<file>.jsonata\"} and "
                + "run with -Dgolden.update=true").exists();
        ObjectNode expected = (ObjectNode) GatewayTestSupport.JSON.readTree(golden.toFile());
        String source = sample.getParent().getFileName().toString();

        byte[] body = Files.readAllBytes(sample);
        Exchange exchange = PipelineParts.webhook(source, eventFieldsOf(source), body, Map.of());
        PARTS.parser().process(exchange);
        assertThat(exchange.getProperty(WebhookProperties.PARSE_ERROR, String.class)).isNull();
        exchange.setProperty(WebhookProperties.MAPPING, expected.get("mapping").asText());
        PARTS.writer().process(exchange);

        ObjectNode actual = GatewayTestSupport.JSON.createObjectNode();
        actual.put("mapping", expected.get("mapping").asText());
        ObjectNode attributes = (ObjectNode) GatewayTestSupport.JSON.readTree(exchange.getIn().getBody(String.class));
        String receivedAt = attributes.path("receivedat").asText();
        attributes.remove("data");
        attributes.remove("receivedat");
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            // Venio sends no time of change: the mapping takes the time received, which differs per run
            boolean isReceivedAt = attribute.getValue().asText().equals(receivedAt);
            // a payload without an id is named by its body and the time window it arrived in (BodyHashWindow)
            boolean isBodyKey = attribute.getKey().equals("id")
                    && !new String(body, java.nio.charset.StandardCharsets.UTF_8).contains(attribute.getValue().asText());
            actual.put(attribute.getKey(), isReceivedAt ? "<receivedat>" : isBodyKey ? "<body key>" : attribute.getValue().asText());
        }
        actual.put("queue", exchange.getProperty(WebhookProperties.QUEUE, String.class));

        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, GatewayTestSupport.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
        }
        assertThat(actual).as(golden.toString()).isEqualTo(expected);
    }

    /** The payload fields the source's route file routes on ({@code eventFields} of its templatedRoute). */
    private static String eventFieldsOf(String source) throws IOException {
        String route = Files.readString(Path.of("routes", source + ".camel.yaml"));
        Matcher fields = Pattern.compile("name: eventFields\\s+value: (\\S+)").matcher(route);
        assertThat(fields.find()).as("routes/" + source + ".camel.yaml sets eventFields").isTrue();
        return fields.group(1);
    }
}
