package io.github.erpgateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.http.WebhookHttpServer;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the real gateway (routes from routes/, embedded persistent Artemis, Vert.x listener on a free port) and
 * talks to it from outside as a vendor and a consumer would: signed HTTP requests from java.net.http, and a separate
 * Artemis client connecting over TCP to read the queues. The signing here is written independently of the gateway's.
 */
@CamelSpringBootTest
@DisableJmx(false) // as in production: Hawtio and Jolokia see the routes as MBeans
@AutoConfigureObservability // metrics exporters are off in Spring tests by default; operators read /actuator/prometheus
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.http.port=0",
        "gateway.http.host=127.0.0.1",
        // every source's secrets: TestSources.Secrets; its signature header is its route file's
        "gateway.max-body-bytes=65536",
        "logging.level.gateway.webhooks=WARN",
        // not logback-test.xml: that name would also reconfigure the gateways KillAfterAcknowledgeIT starts
        "logging.config=classpath:test-logging.xml",
        "gateway.management.jaas-config=src/test/resources/hawtio-login/hawtio-jaas.conf",
})
public abstract class GatewayTestSupport {

    public static final String VISMA_SECRET = TestSources.secret("visma-net");
    public static final String VISMA_ROTATED_SECRET = TestSources.rotatedSecret("visma-net");
    public static final String BNXT_SECRET = TestSources.secret("business-nxt");
    public static final String VENIO_SECRET = TestSources.secret("venio");
    /** The Visma dispatcher's signature header, which routes/visma-net.camel.yaml names. */
    public static final String SIGNATURE_HEADER = TestSources.signatureHeader("visma-net");

    /** Parses numbers exactly, as a careful consumer would. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @Autowired
    protected CamelContext camelContext;

    @Autowired
    protected GatewayProperties gatewayProperties;

    @Autowired
    private Environment environment;

    private final List<Connection> connections = Collections.synchronizedList(new ArrayList<>());

    @DynamicPropertySource
    static void brokerProperties(DynamicPropertyRegistry registry) {
        int port = freePort(); // once per application context: each context runs its own broker
        registry.add("gateway.broker.listen", () -> "tcp://127.0.0.1:" + port);
        registry.add("gateway.broker.data-dir", () -> "target/test-artemis/" + UUID.randomUUID());
    }

    @AfterEach
    void closeConnections() throws Exception {
        for (Connection connection : connections) {
            connection.close();
        }
        connections.clear();
    }

    // ---- HTTP, as the vendor's dispatcher -------------------------------------------------------------------

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected String webhookUrl(String path) {
        return "http://127.0.0.1:" + WebhookHttpServer.actualPort(camelContext) + path;
    }

    protected HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhookUrl(path)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts to /webhooks/visma-net signed with the first Visma secret. */
    protected HttpResponse<String> postVisma(byte[] body) {
        return post("/webhooks/visma-net", body, Map.of(SIGNATURE_HEADER, sign(VISMA_SECRET, body)));
    }

    protected HttpResponse<String> postVisma(String body) {
        return postVisma(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Posts {@code body} to /webhooks/{@code source} signed as the dispatcher would, with the test secret of that source. */
    protected HttpResponse<String> postSigned(String source, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String header = TestSources.signatureHeader(source);
        return post("/webhooks/" + source, bytes, Map.of(header, sign(secretOf(source), bytes)));
    }

    /** The first configured secret of {@code source}, as the test context configured it. */
    protected String secretOf(String source) {
        return gatewayProperties.getSources().get(source).getSecrets().get(0);
    }

    /**
     * The JMS properties SPEC section 5 promises on every canonical message agree with its CloudEvent: ce_* and the
     * selector properties, JMSXGroupID = source|tenant|entity|subject, and a duplicate-detection id.
     */
    protected static void assertCanonicalProperties(Message message, JsonNode cloudEvent, String source) throws Exception {
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        soft.assertThat(message.getStringProperty("ce_id")).isEqualTo(cloudEvent.path("id").asText());
        soft.assertThat(message.getStringProperty("ce_type")).isEqualTo(cloudEvent.path("type").asText());
        soft.assertThat(message.getStringProperty("ce_source")).isEqualTo(cloudEvent.path("source").asText());
        soft.assertThat(message.getStringProperty("ce_subject")).isEqualTo(cloudEvent.path("subject").asText(null));
        soft.assertThat(message.getStringProperty("ce_time")).isEqualTo(cloudEvent.path("time").asText(null));
        for (String attribute : new String[] {"tenant", "entity", "action"}) {
            soft.assertThat(message.getStringProperty(attribute)).as(attribute).isEqualTo(cloudEvent.path(attribute).asText(null));
        }
        soft.assertThat(message.getStringProperty("JMSXGroupID")).isEqualTo(source + "|" + cloudEvent.path("tenant").asText("")
                + "|" + cloudEvent.path("entity").asText() + "|" + cloudEvent.path("subject").asText(""));
        soft.assertThat(message.getStringProperty("_AMQ_DUPL_ID")).isNotBlank();
        soft.assertThat(message.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);
        soft.assertAll();
    }

    protected static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    protected static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    // ---- the management port, as Prometheus and the kubelet ----------------------------------------------------------

    /** GET on the management port (actuator, Hawtio), without a login. */
    protected HttpResponse<String> getManagement(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + environment.getRequiredProperty("local.server.port") + path)).timeout(Duration.ofSeconds(30)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The text /actuator/prometheus serves, as Prometheus scrapes it. */
    protected String scrapePrometheus() {
        HttpResponse<String> response = getManagement("/actuator/prometheus");
        if (response.statusCode() != 200) {
            throw new AssertionError("/actuator/prometheus answered " + response.statusCode());
        }
        return response.body();
    }

    /** The names of the series in a scrape, with their suffixes ({@code _total}, {@code _count}, {@code _max}, ...). */
    protected static Set<String> metricNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    // ---- the broker, as an independent consumer over TCP -------------------------------------------------------

    private Session session() throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(gatewayProperties.getBroker().getListen());
        Connection connection = factory.createConnection();
        connections.add(connection);
        connection.start();
        return connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /** Receives (and removes) the message on {@code queue} that matches the JMS selector, or null after the timeout. */
    protected Message receive(String queue, String selector, long timeoutMillis) throws Exception {
        Session session = session();
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
            return consumer.receive(timeoutMillis);
        }
    }

    /** Receives the message whose ce_id is {@code id}; fails if there is none. */
    protected Message receiveEvent(String queue, String id) throws Exception {
        Message message = receive(queue, "ce_id = '" + id + "'", 5000);
        if (message == null) {
            throw new AssertionError("no message with ce_id " + id + " on " + queue);
        }
        return message;
    }

    /** The message on {@code queue} whose ce_id is {@code id}, left on the queue; fails if there is none. */
    protected Message browseEvent(String queue, String id) throws Exception {
        Session session = session();
        try (QueueBrowser browser = session.createBrowser(session.createQueue(queue), "ce_id = '" + id.replace("'", "''") + "'")) {
            java.util.Enumeration<?> messages = browser.getEnumeration();
            if (!messages.hasMoreElements()) {
                throw new AssertionError("no message with ce_id " + id + " on " + queue);
            }
            return (Message) messages.nextElement();
        }
    }

    /** The messages on {@code queue} that match the selector, left on the queue. */
    protected List<Message> browse(String queue, String selector) throws Exception {
        Session session = session();
        try (QueueBrowser browser = session.createBrowser(session.createQueue(queue), selector)) {
            List<Message> messages = new java.util.ArrayList<>();
            for (Object message : Collections.list(browser.getEnumeration())) {
                if (message instanceof BytesMessage bytesMessage) {
                    bytesMessage.reset(); // read from the start by bytes(), however often
                }
                messages.add((Message) message);
            }
            return messages;
        }
    }

    /**
     * A vendor record's modification time for a change made "just now", truncated to the vendor's milliseconds. It is
     * after this test's gateway started: reconciliation counts a change from before its start as {@code extra} (its
     * webhook may have come before the broker's memory of covered webhooks began), so "a second ago" was a race
     * with a fast start.
     */
    protected static java.time.Instant changedNow() {
        return java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** The {@code ce_subject} of each message. */
    protected static List<String> subjects(List<Message> messages) throws Exception {
        List<String> subjects = new java.util.ArrayList<>(messages.size());
        for (Message message : messages) {
            subjects.add(message.getStringProperty("ce_subject"));
        }
        return subjects;
    }

    /** How many messages on {@code queue} match the selector, without consuming them. */
    protected int count(String queue, String selector) throws Exception {
        Session session = session();
        try (QueueBrowser browser = session.createBrowser(session.createQueue(queue), selector)) {
            return Collections.list(browser.getEnumeration()).size();
        }
    }

    /**
     * {@link #count} once it reaches {@code expected}, or after 10 s whatever it is then: a browser's enumeration can
     * end before a message the broker just moved (a dead letter after the last rollback) reaches the client.
     */
    protected int awaitCount(String queue, String selector, int expected) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        int count = count(queue, selector);
        while (count != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            count = count(queue, selector);
        }
        return count;
    }

    protected static String text(Message message) throws Exception {
        if (message instanceof TextMessage textMessage) {
            return textMessage.getText();
        }
        return new String(bytes(message), StandardCharsets.UTF_8);
    }

    protected static byte[] bytes(Message message) throws Exception {
        if (message instanceof BytesMessage bytesMessage) {
            byte[] bytes = new byte[(int) bytesMessage.getBodyLength()];
            bytesMessage.readBytes(bytes);
            return bytes;
        }
        return ((TextMessage) message).getText().getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
