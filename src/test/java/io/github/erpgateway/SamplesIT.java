package io.github.erpgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file under samples/ posted with samples/sign-and-post.sh (openssl + curl), as the README tells users to. */
class SamplesIT extends GatewayTestSupport {

    static Stream<Path> samples() throws IOException {
        return TestSources.inRoutes().stream().flatMap(source -> {
            try {
                return Files.list(Path.of("samples", source)).filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theScriptSignsAndPostsEverySample(Path sample) throws Exception {
        JsonNode reply = signAndPost(sample);
        assertThat(reply.get("status").asText()).isIn("accepted");

        // stored where its golden file says, as the CloudEvent it says (SampleGoldenTest checks the route and mapping alone)
        JsonNode golden = JSON.readTree(Path.of(sample.toString().replaceAll("\\.json$", ".expected")).toFile());
        jakarta.jms.Message message = browseEvent(golden.get("queue").asText(), reply.get("id").asText());
        JsonNode cloudEvent = json(text(message));
        assertThat(cloudEvent.get("type").asText()).isEqualTo(golden.get("type").asText());
        assertThat(cloudEvent.get("subject").asText()).isEqualTo(golden.get("subject").asText());
        assertCanonicalProperties(message, cloudEvent, sample.getParent().getFileName().toString());
    }

    /** UNIQUE=1 must store the sample again although duplicates of id-less payloads are decided by the body. */
    @Test
    void uniqueStoresAnIdLessSampleAgain() throws Exception {
        Path sample = Path.of("samples/business-nxt/orderline-update.json");

        String first = signAndPost(sample).get("id").asText();
        String second = signAndPost(sample).get("id").asText();

        assertThat(first).isNotEqualTo(second);
        assertThat(receiveEvent("erp.business-nxt.order-line", first)).isNotNull();
        assertThat(receiveEvent("erp.business-nxt.order-line", second)).isNotNull();
    }

    private JsonNode signAndPost(Path sample) throws Exception {
        String source = sample.getParent().getFileName().toString();
        // the test context's secret for the source, as an operator passes their own; the header is the route file's
        String secret = secretOf(source);
        ProcessBuilder script = new ProcessBuilder("bash", "samples/sign-and-post.sh", source, sample.toString(), secret)
                .redirectErrorStream(true);
        script.environment().put("GATEWAY_URL", webhookUrl(""));
        script.environment().put("UNIQUE", "1");
        Process process = script.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
        assertThat(output).contains("HTTP 202");
        return json(output.get(0));
    }
}
