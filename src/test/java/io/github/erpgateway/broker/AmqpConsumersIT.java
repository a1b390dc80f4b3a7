package io.github.erpgateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.message.JmsMessage;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.engine.Delivery;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: the embedded broker's acceptor speaks AMQP 1.0. AMQP consumers with no Artemis code on their side (Qpid JMS,
 * and a bare Proton-J receiver that sees the wire format as rhea, AMQPNetLite or python-qpid-proton do) read each
 * stored event as a CloudEvent in the AMQP binding's structured mode, compete for a record's events in order, get back
 * what they left unsettled with a higher delivery count, and have failing events dead-lettered as JMS consumers do.
 */
class AmqpConsumersIT extends GatewayTestSupport {

    private static final String QUEUE = "erp.visma-net.supplier";

    private final List<Connection> amqpConnections = Collections.synchronizedList(new ArrayList<>());

    @org.junit.jupiter.api.AfterEach
    void closeAmqpConnections() throws Exception {
        for (Connection connection : amqpConnections) {
            connection.close();
        }
    }

    @Test
    void aStoredEventIsAStructuredCloudEventWithItsPropertiesAndGroup() throws Exception {
        String id = newId();
        assertThat(postVisma(supplierCreated(id, "t-amqp", "41")).statusCode()).isEqualTo(202);
        // what a CORE consumer sees, to compare with
        Message core = browseEvent(QUEUE, id);
        String text = text(core);
        String selector = "ce_id = '" + id + "'";

        // a JMS consumer over AMQP (Qpid JMS) browsing it gets the same text as a TextMessage
        Session session = amqpSession(Session.CLIENT_ACKNOWLEDGE, brokerPort());
        try (QueueBrowser browser = session.createBrowser(session.createQueue(QUEUE), selector)) {
            java.util.Enumeration<?> browsing = browser.getEnumeration();
            assertThat(browsing.hasMoreElements()).isTrue();
            Message browsed = (Message) browsing.nextElement();
            assertThat(browsed).isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) browsed).getText()).isEqualTo(text);
            assertThat(((AmqpJmsMessageFacade) ((JmsMessage) browsed).getFacade()).getContentType().toString())
                    .isEqualTo("application/cloudevents+json");
        }

        try (RawAmqpReceiver amqp = new RawAmqpReceiver(brokerPort(), QUEUE, selector)) {
            Delivery delivery = amqp.receive(Duration.ofSeconds(10));
            assertThat(delivery).as("an AMQP 1.0 receiver gets the event").isNotNull();
            org.apache.qpid.proton.message.Message wire = amqp.message(delivery);

            assertThat(wire.getContentType()).isEqualTo("application/cloudevents+json");
            assertThat(wire.getBody()).as("the binding's application data section, not an amqp-value string")
                    .isInstanceOf(Data.class);
            Binary data = ((Data) wire.getBody()).getValue();
            String body = new String(data.getArray(), data.getArrayOffset(), data.getLength(), StandardCharsets.UTF_8);
            assertThat(body).isEqualTo(text);
            JsonNode event = json(body);
            assertThat(event.path("specversion").asText()).isEqualTo("1.0");
            assertThat(event.path("id").asText()).isEqualTo(id);
            assertThat(wire.getGroupId()).isEqualTo(core.getStringProperty("JMSXGroupID"))
                    .isEqualTo("visma-net|t-amqp|supplier|41");
            assertThat(wire.isDurable()).isTrue();

            Map<String, Object> applicationProperties = wire.getApplicationProperties().getValue();
            for (String name : new String[] {"ce_id", "ce_type", "ce_source", "ce_subject", "ce_time", "tenant", "entity", "action",
                    "traceparent"}) {
                assertThat(applicationProperties.get(name)).as(name).isNotNull().isEqualTo(core.getStringProperty(name));
            }
            assertThat(applicationProperties.get("ce_id")).isEqualTo(id);
            assertThat(applicationProperties.get("ce_type")).isEqualTo(event.path("type").asText());
            // every property a CORE consumer sees (traceparent too) is an application
            // property, except Artemis' own ones that become fields of the AMQP header and properties sections
            Map<String, Object> expected = new LinkedHashMap<>();
            for (Object name : Collections.list(core.getPropertyNames())) {
                String property = name.toString();
                if (!property.startsWith("JMSX") && !property.startsWith("JMS_AMQP_") && !property.startsWith("_AMQ_GROUP")) {
                    expected.put(property, core.getObjectProperty(property));
                }
            }
            assertThat(applicationProperties).containsAllEntriesOf(expected);
            // Artemis' conversion hints are read, not passed on; it adds JMSXDeliveryCount itself
            assertThat(applicationProperties.keySet()).noneMatch(name -> name.startsWith("JMS_AMQP_") || name.equals("JMSXGroupID"));

            // settled: consumed
            amqp.accept(delivery);
        }
        assertThat(awaitCount(QUEUE, selector, 0)).isZero();
    }

    @Test
    void competingConsumersKeepEachRecordsEventsInOrder() throws Exception {
        String tenant = "t-" + newId();
        int port = brokerPort();
        List<List<String>> received = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        List<String> groups = new CopyOnWriteArrayList<>();
        for (List<String> consumed : received) {
            Session session = amqpSession(Session.CLIENT_ACKNOWLEDGE, port);
            session.createConsumer(session.createQueue(QUEUE), "tenant = '" + tenant + "'").setMessageListener(message -> {
                try {
                    consumed.add(message.getStringProperty("ce_subject") + "#" + json(((TextMessage) message).getText())
                            .path("data").path("sequence").asInt());
                    groups.add(((AmqpJmsMessageFacade) ((JmsMessage) message).getFacade()).getGroupId());
                    message.acknowledge(); // settled after processing
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        int records = 6;
        int eventsPerRecord = 4;
        for (int sequence = 0; sequence < eventsPerRecord; sequence++) {
            for (int record = 0; record < records; record++) {
                String body = "{\"event\":\"Supplier_Updated\",\"notificationId\":\"" + newId()
                        + "\",\"entityLocation\":\"api/v1/supplier/r" + record + "\",\"TenantId\":\"" + tenant
                        + "\",\"sequence\":" + sequence + "}";
                assertThat(postVisma(body).statusCode()).isEqualTo(202);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (received.get(0).size() + received.get(1).size() < records * eventsPerRecord && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(received.get(0).size() + received.get(1).size()).isEqualTo(records * eventsPerRecord);
        for (int record = 0; record < records; record++) {
            String subject = "r" + record;
            List<String> expected = new ArrayList<>();
            for (int sequence = 0; sequence < eventsPerRecord; sequence++) {
                expected.add(subject + "#" + sequence);
            }
            // all of one record's events reached one consumer, in the order they were accepted
            assertThat(received).as(subject).anySatisfy(consumed ->
                    assertThat(consumed.stream().filter(entry -> entry.startsWith(subject + "#")).toList()).isEqualTo(expected));
            assertThat(groups).contains("visma-net|" + tenant + "|supplier|" + subject);
        }
        // and the consumers did compete: the records were shared out between them
        assertThat(received).allSatisfy(consumed -> assertThat(consumed).isNotEmpty());
    }

    @Test
    void aConsumerThatDisconnectsWithoutSettlingGetsTheEventAgainWithAHigherDeliveryCount() throws Exception {
        String id = newId();
        assertThat(postVisma(supplierCreated(id, "t-amqp", "42")).statusCode()).isEqualTo(202);
        String selector = "ce_id = '" + id + "'";

        // the consumer's connection is cut (a crash, a host gone): no AMQP close, no disposition
        RawAmqpReceiver crashing = new RawAmqpReceiver(brokerPort(), QUEUE, selector);
        org.apache.qpid.proton.message.Message first = crashing.message(crashing.receive(Duration.ofSeconds(10)));
        assertThat(first.getDeliveryCount()).isZero();
        crashing.cut();

        // an orderly close without settling
        try (RawAmqpReceiver closing = new RawAmqpReceiver(brokerPort(), QUEUE, selector)) {
            Delivery again = closing.receive(Duration.ofSeconds(10));
            assertThat(again).as("the unsettled event is delivered again").isNotNull();
            org.apache.qpid.proton.message.Message second = closing.message(again);
            assertThat(second.getApplicationProperties().getValue().get("ce_id")).isEqualTo(id);
            assertThat(second.getDeliveryCount()).as("the AMQP header's delivery-count: one failed delivery").isEqualTo(1);
        }

        try (RawAmqpReceiver settling = new RawAmqpReceiver(brokerPort(), QUEUE, selector)) {
            Delivery delivery = settling.receive(Duration.ofSeconds(10));
            assertThat(delivery).isNotNull();
            assertThat(settling.message(delivery).getDeliveryCount()).isEqualTo(2);
            settling.accept(delivery);
        }
        assertThat(awaitCount(QUEUE, selector, 0)).isZero();
    }

    @Test
    void anEventThatCrashesItsAmqpConsumerTenTimesIsDeadLettered() throws Exception {
        String id = newId();
        assertThat(postVisma(supplierCreated(id, "t-amqp", "44")).statusCode()).isEqualTo(202);
        String selector = "ce_id = '" + id + "'";

        int deliveries = 0;
        while (deliveries < 20) {
            RawAmqpReceiver consumer = new RawAmqpReceiver(brokerPort(), QUEUE, selector);
            Delivery delivery = consumer.receive(Duration.ofSeconds(3));
            if (delivery == null) {
                consumer.close();
                break;
            }
            deliveries++;
            consumer.cut();
        }

        assertThat(deliveries).isEqualTo(10);
        assertThat(awaitCount(QUEUE, selector, 0)).isZero();
        assertThat(awaitCount("erp.dlq", selector, 1)).isEqualTo(1);
    }

    @Test
    void anEventAnAmqpConsumerFailsTenTimesIsDeadLettered() throws Exception {
        String id = newId();
        assertThat(postVisma(supplierCreated(id, "t-amqp", "43")).statusCode()).isEqualTo(202);
        String selector = "ce_id = '" + id + "'";

        Session session = amqpSession(Session.SESSION_TRANSACTED, brokerPort());
        MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE), selector);
        int deliveries = 0;
        Message message;
        while ((message = consumer.receive(3_000)) != null && deliveries < 20) {
            deliveries++;
            assertThat(message.getStringProperty("ce_id")).isEqualTo(id);
            session.rollback(); // processing failed: the delivery counts as failed (AMQP modified, delivery-failed)
        }

        assertThat(deliveries).isEqualTo(10);
        assertThat(awaitCount(QUEUE, selector, 0)).isZero();
        assertThat(awaitCount("erp.dlq", selector, 1)).isEqualTo(1);
    }

    private static String supplierCreated(String id, String tenant, String supplier) {
        return "{\"event\":\"Supplier_Created\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v1/supplier/"
                + supplier + "\",\"TenantId\":\"" + tenant + "\"}";
    }

    private int brokerPort() {
        return URI.create(gatewayProperties.getBroker().getListen()).getPort();
    }

    /** A session of a new AMQP 1.0 connection (no login: the test broker listens on loopback only). */
    private Session amqpSession(int mode, int port) throws Exception {
        Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection();
        amqpConnections.add(connection);
        connection.start();
        return connection.createSession(mode == Session.SESSION_TRANSACTED, mode);
    }

}
