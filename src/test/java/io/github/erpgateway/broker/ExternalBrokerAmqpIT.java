package io.github.erpgateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import io.github.erpgateway.publish.StructuredCloudEvent;
import io.github.erpgateway.support.ExternalArtemis;
import io.github.erpgateway.support.GatewayProcess;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.engine.Delivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An external broker given config/artemis/broker-gateway.xml and the broker plugin jar (as docs/production.md says)
 * serves AMQP 1.0 consumers as the embedded one does: a message stored as the gateway stores it arrives in the
 * CloudEvents AMQP binding's structured mode, and a consumer that goes away unsettled raises its delivery count.
 */
class ExternalBrokerAmqpIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void theFragmentGivesAmqpConsumersStructuredEventsAndCountsUnsettledDisconnects() throws Exception {
        try (ExternalArtemis broker = ExternalArtemis.single(dir, GatewayProcess.freePort()).start()) {
            String json = "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/visma-net/t\",\"type\":\"erp.visma-net.customer.updated\"}";
            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url(), ExternalArtemis.USER,
                    ExternalArtemis.PASSWORD); Connection connection = factory.createConnection()) {
                Session session = connection.createSession();
                TextMessage message = session.createTextMessage(json);
                message.setStringProperty("ce_id", "e-1");
                message.setStringProperty("JMSXGroupID", "visma-net|t|customer|1");
                for (var property : StructuredCloudEvent.PROPERTIES.entrySet()) {
                    message.setObjectProperty(property.getKey(), property.getValue());
                }
                session.createProducer(session.createQueue("erp.visma-net.customer")).send(message);
            }

            RawAmqpReceiver crashing = new RawAmqpReceiver(broker.port(), "erp.visma-net.customer", null,
                    ExternalArtemis.USER, ExternalArtemis.PASSWORD);
            org.apache.qpid.proton.message.Message first = crashing.message(crashing.receive(Duration.ofSeconds(10)));
            assertThat(first.getContentType()).isEqualTo(StructuredCloudEvent.MEDIA_TYPE);
            assertThat(first.getBody()).isInstanceOf(Data.class);
            Binary data = ((Data) first.getBody()).getValue();
            assertThat(new String(data.getArray(), data.getArrayOffset(), data.getLength(), StandardCharsets.UTF_8)).isEqualTo(json);
            assertThat(first.getGroupId()).isEqualTo("visma-net|t|customer|1");
            assertThat(first.getApplicationProperties().getValue()).containsEntry("ce_id", "e-1");
            crashing.cut();

            try (RawAmqpReceiver consumer = new RawAmqpReceiver(broker.port(), "erp.visma-net.customer", null,
                    ExternalArtemis.USER, ExternalArtemis.PASSWORD)) {
                Delivery again = consumer.receive(Duration.ofSeconds(10));
                assertThat(again).isNotNull();
                assertThat(consumer.message(again).getDeliveryCount()).as("the plugin from the fragment counted it").isEqualTo(1);
                consumer.accept(again);
            }
        }
    }
}
