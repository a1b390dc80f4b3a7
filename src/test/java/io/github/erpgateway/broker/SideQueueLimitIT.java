package io.github.erpgateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * gateway.broker.side-queue-limit-messages: erp.parked, erp.unrouted and erp.dlq are bounded, so a flood of signed junk
 * gets 503 past the limit instead of growing the broker's backlog without end; entity queues are not affected, and the
 * broker can still move a consumer's poison message to a full erp.dlq.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "gateway.broker.side-queue-limit-messages=20")
class SideQueueLimitIT extends GatewayTestSupport {

    @Test
    void aFullParkedQueueAnswers503AndEntityQueuesStillAccept() throws Exception {
        int parked = 0;
        HttpResponse<String> refusal = null;
        for (int i = 0; i < 100 && refusal == null; i++) {
            HttpResponse<String> response = postVisma(("not json " + i).getBytes(StandardCharsets.UTF_8));
            if (response.statusCode() == 202) {
                assertThat(json(response.body()).get("status").asText()).isEqualTo("parked");
                parked++;
            } else {
                refusal = response;
            }
        }

        assertThat(refusal).as("a 503 once erp.parked holds the limit").isNotNull();
        assertThat(refusal.statusCode()).isEqualTo(503);
        assertThat(json(refusal.body()).get("error").asText()).isNotBlank();
        assertThat(refusal.body()).doesNotContain("Exception").doesNotContain("artemis").doesNotContain("erp.parked");
        assertThat(parked).isEqualTo(20);
        assertThat(count("erp.parked", null)).isEqualTo(20);
        assertThat(postVisma(customerEvent(newId(), "")).statusCode()).isEqualTo(202);

        // once consumers took some, parking works again
        assertThat(receive("erp.parked", null, 5000)).isNotNull();
        assertThat(postVisma("not json again".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
    }

    @Test
    void aFullDeadLetterQueueAnswers503ButStillTakesTheBrokersPoisonMessages() throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(gatewayProperties.getBroker().getListen());
        try (factory; Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer dlq = session.createProducer(session.createQueue("erp.dlq"));
            while (count("erp.dlq", null) < 20) {
                dlq.send(session.createTextMessage("earlier dead letter"));
            }

            // a webhook whose mapping fails would be dead-lettered: erp.dlq is full, so 503 and the sender retries
            HttpResponse<String> response = postVisma(customerEvent(newId(), ",\"timeStamp\":\"yesterday\""));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(count("erp.dlq", null)).isEqualTo(20);

            // a consumer fails a message 10 times: the broker moves it to erp.dlq all the same
            session.createProducer(session.createQueue("erp.visma-net.poison")).send(session.createTextMessage("poison"));
            Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
            try (MessageConsumer consumer = transacted.createConsumer(transacted.createQueue("erp.visma-net.poison"))) {
                for (int attempt = 0; attempt < 10; attempt++) {
                    assertThat(consumer.receive(5000)).isNotNull();
                    transacted.rollback();
                }
            }
            assertThat(awaitCount("erp.dlq", null, 21)).isEqualTo(21);
            assertThat(count("erp.visma-net.poison", null)).isZero();
        }
    }

    private static String customerEvent(String id, String extra) {
        return "{\"event\":\"Customer_Created\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v1/customer/9\","
                + "\"TenantId\":\"t\"" + extra + "}";
    }
}
