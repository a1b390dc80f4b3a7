package io.github.erpgateway.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.erpgateway.support.GatewayTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 10 point 10: payload text quoted in a log line (here by a mapping error) cannot forge a line. */
class LogInjectionIT extends GatewayTestSupport {

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger outcomes = (Logger) LoggerFactory.getLogger("gateway.webhooks");
    private Level outcomesLevel;

    @BeforeEach
    void capture() {
        captured.start();
        root.addAppender(captured);
        outcomesLevel = outcomes.getLevel();
        outcomes.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
        outcomes.setLevel(outcomesLevel);
    }

    @Test
    void escapesLineBreaksFromThePayload() {
        byte[] body = ("{\"tableIdentifier\":\"OrderLine\",\"customerNo\":1,\"companyNo\":5199768,\"event\":\"UPDATE\","
                + "\"primaryKeys\":[{\"OrderNo\":\"" + newId() + "\"}],"
                + "\"changedColumns\":[{\"ChangedTimestamp\":\"2025\\r\\nERROR forged line\"}]}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post("/webhooks/business-nxt", body, Map.of(SIGNATURE_HEADER, sign(BNXT_SECRET, body)));

        assertThat(json(response.body()).get("status").asText()).isEqualTo("dead-lettered");
        List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(line -> line.contains("2025\\r\\nERROR forged line"));
        assertThat(lines).noneMatch(line -> line.contains("\n") || line.contains("\r"));
        assertThat(captured.list.stream().flatMap(e -> e.getMDCPropertyMap().values().stream()))
                .noneMatch(value -> value.contains("\n"));
        // export is off here, yet the webhook's outcome line names its trace (TracingIT: the sender's, exported)
        assertThat(captured.list.stream().filter(e -> e.getLoggerName().equals("gateway.webhooks")))
                .isNotEmpty().allSatisfy(e -> assertThat(e.getMDCPropertyMap().get("traceId")).matches("[0-9a-f]{32}"));
    }
}
