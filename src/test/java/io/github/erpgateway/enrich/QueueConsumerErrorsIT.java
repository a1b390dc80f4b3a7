package io.github.erpgateway.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;

import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.RoutesCopy;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The webhook stage's error handling (HTTP replies, handled) applies to the routes that name it only: a route that
 * consumes a queue in a transaction and fails has its message rolled back and offered again, not acknowledged with an
 * HTTP error body and lost, and what the route sent before it failed is rolled back with it. (Before the route
 * configuration had an id, it applied to every route.)
 */
class QueueConsumerErrorsIT extends GatewayTestSupport {

    // the consumer parameters of routes/*-enrichment.camel.yaml; the send comes before the failure, so it must be part
    // of the rolled-back transaction
    private static final String CONSUMER_ROUTE = """
            - route:
                id: failing-queue-consumer
                description: Sends the message on, then fails on its first delivery
                from:
                  uri: jms:queue:test.failing-once
                  parameters:
                    transacted: true
                    lazyCreateTransactionManager: false
                    cacheLevelName: CACHE_CONSUMER
                  steps:
                    - setHeader:
                        name: redelivered
                        simple: "${header.JMSRedelivered}"
                    - to:
                        uri: jms:queue:test.passed
                    - filter:
                        simple: "${header.JMSRedelivered} == false"
                        steps:
                          - throwException:
                              exceptionType: java.lang.IllegalStateException
                              message: first delivery fails
            """;

    @DynamicPropertySource
    static void routesWithAQueueConsumer(DynamicPropertyRegistry registry) throws IOException {
        RoutesCopy copy = RoutesCopy.create("routes-with-queue-consumer");
        Files.writeString(copy.routes.resolve("queue-consumer.camel.yaml"), CONSUMER_ROUTE);
        copy.register(registry);
    }

    @Test
    void aFailingQueueConsumerIsRolledBackAndGetsTheMessageAgain() throws Exception {
        String id = newId();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(gatewayProperties.getBroker().getListen());
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageProducer producer = session.createProducer(session.createQueue("test.failing-once"))) {
                Message message = session.createTextMessage("{}");
                message.setStringProperty("ce_id", id);
                producer.send(message);
            }
        }

        Message passed = receive("test.passed", "ce_id = '" + id + "'", 15_000);

        assertThat(passed).as("the message, offered again after its first delivery failed").isNotNull();
        assertThat(passed.getStringProperty("redelivered")).as("sent by the second delivery").isEqualTo("true");
        assertThat(count("test.passed", "ce_id = '" + id + "'"))
                .as("the first delivery's send was rolled back with it").isZero();
    }
}
