package io.github.erpgateway.vismanet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.github.erpgateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * gateway.broker.page-limit-messages: once an entity queue's paged backlog reaches the limit, its webhooks get 503
 * (nothing acknowledged, the sender retries) while other queues keep accepting; once consumers catch up, the retried
 * webhook is stored, exactly once. The broker pages past 64 KiB here, so a few dozen webhooks reach the limit.
 */
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "gateway.broker.global-max-size=64KB",
        "gateway.broker.page-size=16KB",
        "gateway.broker.page-limit-messages=20",
})
class BacklogLimitIT extends GatewayTestSupport {

    private static final String PADDING = "x".repeat(1000);

    @Test
    void aFullQueueAnswers503AndTheRetryIsStoredOnceAfterConsumersCaughtUp(CapturedOutput output) throws Exception {
        List<String> accepted = new ArrayList<>();
        String refused = null;
        HttpResponse<String> refusal = null;
        for (int i = 0; i < 500 && refused == null; i++) {
            String id = newId();
            HttpResponse<String> response = postVisma(supplierEvent(id));
            if (response.statusCode() == 202) {
                accepted.add(id);
            } else {
                refused = id;
                refusal = response;
            }
        }

        assertThat(refused).as("a 503 once the supplier queue's backlog is full").isNotNull();
        assertThat(refusal.statusCode()).isEqualTo(503);
        assertThat(json(refusal.body()).get("error").asText()).isNotBlank();
        assertThat(refusal.body()).doesNotContain("Exception").doesNotContain("artemis");
        assertThat(accepted).hasSizeGreaterThan(20);
        // the log says why, in the broker's words, not Spring's "Uncategorized exception"
        assertThat(output.getAll()).contains("Broker did not confirm visma-net webhook " + refused + ": ")
                .containsPattern("webhook " + refused + ": AMQ\\d+: .*erp\\.visma-net\\.supplier.* full");
        // another entity queue is not affected
        assertThat(postVisma(customerEvent(newId())).statusCode()).isEqualTo(202);
        // every 202 is on the queue, the refused one is not
        assertThat(count("erp.visma-net.supplier", null)).isEqualTo(accepted.size());

        // consumers catch up
        while (receive("erp.visma-net.supplier", null, 2000) != null) {
            // drained
        }

        // the sender's retry of the refused webhook is stored, once (its duplicate id was not burnt by the refusal)
        int status = 0;
        for (int attempt = 0; attempt < 50 && status != 202; attempt++) {
            status = postVisma(supplierEvent(refused)).statusCode();
            if (status != 202) {
                Thread.sleep(200);
            }
        }
        assertThat(status).isEqualTo(202);
        assertThat(count("erp.visma-net.supplier", "ce_id = '" + refused + "'")).isEqualTo(1);
    }

    private static String supplierEvent(String id) {
        return "{\"event\":\"Supplier_Created\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v1/supplier/9\","
                + "\"TenantId\":\"t\",\"padding\":\"" + PADDING + "\"}";
    }

    private static String customerEvent(String id) {
        return "{\"event\":\"Customer_Created\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v1/customer/9\","
                + "\"TenantId\":\"t\"}";
    }
}
