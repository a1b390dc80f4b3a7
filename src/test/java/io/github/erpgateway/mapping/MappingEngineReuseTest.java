package io.github.erpgateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.github.erpgateway.config.GatewayProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compiled mapping is reused for every event on a thread. dashjoin jsonata 0.9.9 chained each evaluation's frame onto
 * the next one, so a long-running gateway got slower with every webhook and finally failed with a StackOverflowError
 * (found by the benchmark). Many evaluations on one thread must keep giving the same result.
 */
class MappingEngineReuseTest {

    @Test
    void aMappingEvaluatedManyTimesOnOneThreadKeepsWorking(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("reuse.jsonata"), """
                (
                  $actions := {"insert": "created", "update": "updated"};
                  $action := $lookup($actions, $eventKey);
                  {"id": $eventId, "type": "erp." & $source & "." & $kebab(table) & "." & $action}
                )
                """);
        GatewayProperties properties = new GatewayProperties();
        properties.getMappings().setDir(dir.toString());
        MappingEngine engine = new MappingEngine(properties);
        try {
            Map<String, Object> payload = Map.of("table", "OrderLine");
            Object last = null;
            // 0.9.9 overflowed a default thread stack well before 30 000 evaluations of this expression
            for (int i = 0; i < 30_000; i++) {
                Map<String, Object> variables = new HashMap<>();
                variables.put("source", "business-nxt");
                variables.put("eventId", "id-" + i);
                variables.put("eventKey", "update");
                last = engine.evaluate("reuse.jsonata", payload, variables);
            }
            assertThat(last).isEqualTo(Map.of("id", "id-29999", "type", "erp.business-nxt.order-line.updated"));
        } finally {
            engine.stopChecking();
        }
    }
}
