package io.github.erpgateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.github.erpgateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * gateway.broker.side-queue-page-limit-messages: erp.parked (like erp.unrouted and erp.dlq) is bounded like the entity
 * queues, so a flood of signed junk gets 503 past the limit instead of growing the broker's backlog without end.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "gateway.broker.global-max-size=64KB",
        "gateway.broker.page-size=16KB",
        "gateway.broker.side-queue-page-limit-messages=20",
})
class SideQueueLimitTest extends GatewayTestSupport {

    private static final String PADDING = "x".repeat(1000);

    @Test
    void aFullParkedQueueAnswers503AndEntityQueuesStillAccept() throws Exception {
        int parked = 0;
        HttpResponse<String> refusal = null;
        for (int i = 0; i < 500 && refusal == null; i++) {
            HttpResponse<String> response = postVisma(("not json " + i + " " + PADDING).getBytes(StandardCharsets.UTF_8));
            if (response.statusCode() == 202) {
                assertThat(json(response.body()).get("status").asText()).isEqualTo("parked");
                parked++;
            } else {
                refusal = response;
            }
        }

        assertThat(refusal).as("a 503 once erp.parked's backlog is full").isNotNull();
        assertThat(refusal.statusCode()).isEqualTo(503);
        assertThat(refusal.body()).doesNotContain("Exception").doesNotContain("artemis");
        assertThat(parked).isGreaterThan(20);
        assertThat(count("erp.parked", null)).isEqualTo(parked);
        assertThat(postVisma("{\"event\":\"Customer_Created\",\"notificationId\":\"" + newId()
                + "\",\"entityLocation\":\"api/v1/customer/9\",\"TenantId\":\"t\"}").statusCode()).isEqualTo(202);
    }
}
