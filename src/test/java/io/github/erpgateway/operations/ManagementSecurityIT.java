package io.github.erpgateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The management port as an attacker with a console login, and as each Hawtio role, over real HTTP: Camel's
 * send/request operations refused to everybody, destructive broker operations to all but admin, viewer read-only,
 * no cross-origin use, no JMX proxy, and a login for everything but health and Prometheus. Runs with
 * {@code management.server.address} set, which must bind the port rather than stop the gateway from starting.
 */
@TestPropertySource(properties = {"management.server.address=127.0.0.1",
        // Hawtio's Camel trace and debug views need the tracers on standby: their MBeans have dangerous setters
        "camel.main.tracing-standby=true", "camel.main.backlog-tracing-standby=true"})
class ManagementSecurityIT extends GatewayTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String VIEWER = "test-viewer:viewer-password";
    private static final String MANAGER = "test-manager:manager-password";
    private static final String ADMIN = "test-admin:admin-password";
    private static final String DLQ = "org.apache.activemq.artemis:broker=\"localhost\",component=addresses,"
            + "address=\"erp.dlq\",subcomponent=queues,routing-type=\"anycast\",queue=\"erp.dlq\"";

    @LocalServerPort
    int port;

    // ---- Camel operations that run anything: refused to every role --------------------------------------------

    @Test
    void camelCannotBeMadeToEvaluateALanguageEvenByTheAdmin() throws Exception {
        String path = System.getenv("PATH");
        for (String user : List.of(VIEWER, MANAGER, ADMIN)) {
            JsonNode reply = exec(user, camelContext(), "requestStringBody", "language:simple:${env:PATH}", "x");
            assertThat(reply.get("status").asInt()).as(user).isEqualTo(403);
            assertThat(reply.toString()).doesNotContain(path);
            assertThat(exec(user, camelContext(), "requestBody", "language:simple:${env:PATH}", "x").toString())
                    .doesNotContain(path);
        }
    }

    @Test
    void camelCannotBeMadeToWriteARouteFileEvenByTheAdmin() throws Exception {
        String file = "exploit-" + UUID.randomUUID() + ".camel.yaml";
        Path written = Path.of("routes", file);
        try {
            for (String user : List.of(VIEWER, MANAGER, ADMIN)) {
                for (String operation : List.of("sendStringBody", "sendBody", "requestStringBody")) {
                    JsonNode reply = exec(user, camelContext(), operation, "file:routes?fileName=" + file,
                            "- route: {id: exploit, from: {uri: 'timer:x'}, steps: [{log: pwned}]}");
                    assertThat(reply.get("status").asInt()).as(user + " " + operation).isEqualTo(403);
                }
                assertThat(exec(user, camelContext(), "createEndpoint", "file:routes?fileName=" + file)
                        .get("status").asInt()).isEqualTo(403);
                assertThat(exec(user, camelContext(), "addOrUpdateRoutesFromXml",
                        "<routes><route id='exploit'><from uri='timer:x'/><log message='pwned'/></route></routes>")
                        .get("status").asInt()).isEqualTo(403);
                assertThat(exec(user, route("visma-net-webhook"), "updateRouteFromXml",
                        "<route id='visma-net-webhook'><from uri='timer:x'/><log message='pwned'/></route>")
                        .get("status").asInt()).isEqualTo(403);
            }
            assertThat(written).doesNotExist();
            assertThat(camelContext.getRoute("exploit")).isNull();
        } finally {
            Files.deleteIfExists(written);
        }
    }

    @Test
    void camelCannotBeMadeToCallOtherHostsEvenByTheAdmin() throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            String uri = "http://127.0.0.1:" + listener.getLocalPort() + "/steal";
            JsonNode reply = exec(ADMIN, camelContext(), "requestStringBody", uri, "x");
            assertThat(reply.get("status").asInt()).isEqualTo(403);
            listener.setSoTimeout(500);
            boolean called;
            try (var ignored = listener.accept()) {
                called = true;
            } catch (SocketTimeoutException e) {
                called = false;
            }
            assertThat(called).as("the gateway connected to " + uri).isFalse();
        }
    }

    // ---- Jolokia's JMX proxy: the gateway connects to no host for anybody ---------------------------------------

    @Test
    void noRoleCanMakeTheGatewayConnectElsewhereAsAJmxProxy() throws Exception {
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        try (ConnectionCounter listener = new ConnectionCounter()) {
            List<String> targets = List.of(
                    "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + listener.port() + "/jmxrmi",
                    // the stub's bytes are the caller's: deserialized, this one connects to the listener
                    "service:jmx:rmi:///stub/" + ConnectingRef.stubTo("127.0.0.1", listener.port()));
            String read = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"";
            for (String user : List.of(VIEWER, ADMIN)) {
                for (String url : targets) {
                    String target = "{\"url\":" + JSON.writeValueAsString(url) + "}";
                    for (String request : List.of(
                            read + ",\"target\":" + target + "}",
                            read + ",\"options\":{\"target\":" + target + "}}",
                            "{\"type\":\"search\",\"mbean\":\"java.lang:*\",\"target\":" + target + "}",
                            "{\"type\":\"list\",\"target\":" + target + "}")) {
                        JsonNode reply = json(post("/actuator/jolokia", user, request, Map.of()).body());
                        soft.assertThat(reply.path("status").asInt()).as(user + " " + request).isEqualTo(403);
                        soft.assertThat(reply.toString()).doesNotContain("stacktrace");
                    }
                    // a bulk request: the proxied read is refused, the local one beside it still answers
                    JsonNode bulk = json(post("/actuator/jolokia", user,
                            "[" + read + "}," + read + ",\"target\":" + target + "}]", Map.of()).body());
                    soft.assertThat(bulk.get(0).path("status").asInt()).as(user + " bulk, local read").isEqualTo(200);
                    soft.assertThat(bulk.get(1).path("status").asInt()).as(user + " bulk, proxied read").isEqualTo(403);
                    // a GET request cannot name a target: a target parameter changes nothing
                    HttpResponse<String> get = get("/actuator/jolokia/read/java.lang:type=Runtime/Uptime?target="
                            + java.net.URLEncoder.encode(url, StandardCharsets.UTF_8), user);
                    soft.assertThat(json(get.body()).path("status").asInt()).as(user + " GET").isIn(200, 403);
                }
            }
            soft.assertThat(listener.connections()).as("connections the gateway made to the JMX target").isZero();
        }
        soft.assertAll();
    }

    // ---- attribute writes: a setter refused as an operation is refused as a write -----------------------------

    @Test
    void noRoleWritesAnAttributeWhoseSetterIsNeverAllowed() throws Exception {
        List<String> tracers = new java.util.ArrayList<>();
        jolokia(ADMIN, Map.of("type", "search", "mbean", "org.apache.camel:context=" + camelContext.getManagementName()
                + ",type=tracer,*")).path("value").forEach(name -> tracers.add(name.asText()));
        assertThat(tracers).as("Camel's tracer MBeans (standby)").isNotEmpty();
        for (String tracer : tracers) {
            for (String user : List.of(VIEWER, MANAGER, ADMIN)) {
                JsonNode pattern = write(user, tracer, "TracePattern", "*");
                assertThat(pattern.path("status").asInt()).as(user + " writes TracePattern on " + tracer).isEqualTo(403);
                if (tracer.contains("BacklogTracer")) {
                    JsonNode filter = write(user, tracer, "TraceFilter", "${env:PATH} != null");
                    assertThat(filter.path("status").asInt()).as(user + " writes TraceFilter").isEqualTo(403);
                }
            }
            assertThat(jolokia(ADMIN, Map.of("type", "read", "mbean", tracer, "attribute", "TracePattern"))
                    .path("value").asText(null)).as(tracer + " TracePattern").isNotEqualTo("*");
        }
        // the setter is refused as an operation, as before
        assertThat(exec(ADMIN, tracers.get(0), "setTracePattern", "*").path("status").asInt()).isEqualTo(403);
    }

    // ---- broker operations by role -----------------------------------------------------------------------------

    @Test
    void onlyTheAdminRemovesMessagesFromTheDeadLetterQueue() throws Exception {
        String id = newId();
        sendToDlq(id);
        String selector = "id = '" + id + "'";

        for (String user : List.of(VIEWER, MANAGER)) {
            assertThat(exec(user, DLQ, "removeAllMessages").get("status").asInt()).as(user).isEqualTo(403);
            assertThat(exec(user, DLQ, "removeMessages", selector).get("status").asInt()).as(user).isEqualTo(403);
            assertThat(exec(user, DLQ,
                    "sendMessage(java.util.Map,int,java.lang.String,boolean,java.lang.String,java.lang.String)",
                    Map.of(), 3, "x", false, "", "")
                    .get("status").asInt()).as(user).isEqualTo(403);
        }
        assertThat(count("erp.dlq", selector)).isEqualTo(1);

        JsonNode removed = exec(ADMIN, DLQ, "removeMessages(java.lang.String)", selector);
        assertThat(removed.get("status").asInt()).as(removed.toString()).isEqualTo(200);
        assertThat(removed.get("value").asInt()).isEqualTo(1);
        assertThat(count("erp.dlq", selector)).isZero();
    }

    @Test
    void theManagerRunsTheFlowButChangesNoData() throws Exception {
        assertThat(exec(MANAGER, DLQ, "resetMessageCounter").get("status").asInt()).isEqualTo(200);
        assertThat(exec(VIEWER, DLQ, "resetMessageCounter").get("status").asInt()).isEqualTo(403);
        assertThat(write(MANAGER, camelContext(), "Tracing", false).get("status").asInt()).isEqualTo(403);
        assertThat(write(ADMIN, camelContext(), "Tracing", false).get("status").asInt()).isEqualTo(200);
    }

    // ---- the viewer reads ------------------------------------------------------------------------------------

    @Test
    void theViewerReadsAndBrowsesButChangesNothing() throws Exception {
        JsonNode version = jolokia(VIEWER, Map.of("type", "read", "mbean", camelContext(), "attribute", "CamelVersion"));
        assertThat(version.get("status").asInt()).isEqualTo(200);
        assertThat(version.get("value").asText()).startsWith("4.");
        assertThat(jolokia(VIEWER, Map.of("type", "search", "mbean", "org.apache.camel:type=routes,*")).toString())
                .contains("visma-net-webhook");
        assertThat(jolokia(VIEWER, Map.of("type", "list", "path", "org.apache.camel")).get("status").asInt())
                .isEqualTo(200);
        assertThat(exec(VIEWER, DLQ, "browse()").get("status").asInt()).as("samples/read-queue.sh").isEqualTo(200);

        assertThat(write(VIEWER, camelContext(), "Tracing", true).get("status").asInt()).isEqualTo(403);
        assertThat(exec(VIEWER, route("visma-net-webhook"), "stop").get("status").asInt()).isEqualTo(403);
        assertThat(jolokia(VIEWER, Map.of("type", "read", "mbean", route("visma-net-webhook"), "attribute", "State"))
                .get("value").asText()).isEqualTo("Started");
        assertThat(exec(VIEWER, "java.lang:type=Memory", "gc").get("status").asInt()).isEqualTo(403);
        assertThat(camelContext.getRouteController().getRouteStatus("visma-net-webhook").isStarted()).isTrue();
    }

    @Test
    void aUserWithoutAHawtioRoleGetsNothing() throws Exception {
        HttpResponse<String> reply = post("/actuator/jolokia", "intruder:intruder-password",
                "{\"type\":\"version\"}", Map.of());
        assertThat(reply.statusCode()).isIn(401, 403);
        assertThat(get("/actuator/metrics", "intruder:intruder-password").statusCode()).isIn(401, 403);
    }

    @Test
    void aHawtioLoginInTheBrowserHasTheSameRole() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(uri("/actuator/hawtio/auth/login"))
                .header("Content-Type", "application/json").header("Origin", "http://127.0.0.1:" + port)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"test-viewer\",\"password\":\"viewer-password\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);

        for (String path : List.of("/actuator/hawtio/jolokia", "/actuator/jolokia")) {
            JsonNode read = json(browser.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(read.get("status").asInt()).as(path).isEqualTo(200);
            JsonNode remove = json(browser.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"exec\",\"mbean\":\"" + DLQ.replace("\"", "\\\"")
                            + "\",\"operation\":\"removeAllMessages()\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(remove.get("status").asInt()).as(path).isEqualTo(403);
        }
        assertThat(browser.send(HttpRequest.newBuilder(uri("/actuator/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    // ---- CORS ------------------------------------------------------------------------------------------------

    @Test
    void foreignOriginsAreRefusedAndNeverEchoed() throws Exception {
        HttpResponse<String> foreign = post("/actuator/jolokia", ADMIN, "{\"type\":\"version\"}",
                Map.of("Origin", "https://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(foreign.body()).doesNotContain("agent");

        HttpResponse<String> nullOrigin = post("/actuator/jolokia", ADMIN, "{\"type\":\"version\"}", Map.of("Origin", "null"));
        assertThat(nullOrigin.statusCode()).isEqualTo(403);

        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        // an <img> or a link from another site sends no Origin, but the browser says it is cross-site
        HttpResponse<String> image = send(HttpRequest.newBuilder(uri("/actuator/jolokia/version"))
                .header("Sec-Fetch-Site", "cross-site"), ADMIN);
        assertThat(image.statusCode()).isEqualTo(403);
        HttpResponse<String> oldBrowser = send(HttpRequest.newBuilder(uri("/actuator/jolokia/version"))
                .header("Referer", "https://evil.example/page.html"), ADMIN);
        assertThat(oldBrowser.statusCode()).isEqualTo(403);
        HttpResponse<String> ownPage = send(HttpRequest.newBuilder(uri("/actuator/jolokia/version"))
                .header("Referer", "http://127.0.0.1:" + port + "/actuator/hawtio/camel/routes"), ADMIN);
        assertThat(ownPage.statusCode()).isEqualTo(200);

        // Hawtio's own page, served by this port
        HttpResponse<String> own = post("/actuator/jolokia", ADMIN, "{\"type\":\"version\"}",
                Map.of("Origin", "http://127.0.0.1:" + port, "Sec-Fetch-Site", "same-origin"));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(json(own.body()).get("status").asInt()).isEqualTo(200);
        assertThat(own.headers().allValues("Access-Control-Allow-Origin")).doesNotContain("*", "https://evil.example");
    }

    // ---- what needs a login ----------------------------------------------------------------------------------

    @Test
    void everythingButHealthAndPrometheusNeedsALogin() throws Exception {
        for (String path : List.of("/actuator", "/actuator/info", "/actuator/metrics", "/actuator/metrics/jvm.memory.used",
                "/actuator/jolokia/version", "/actuator/hawtio/jolokia/version", "/actuator/health/ping/../../metrics")) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isIn(401, 403);
            assertThat(anonymous.body()).as(path).doesNotContain("jvm.memory.used").doesNotContain("agent");
        }
        assertThat(get("/actuator/metrics", "test-viewer:wrong").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics", VIEWER).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/info", VIEWER).statusCode()).isEqualTo(200);

        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(200);
            JsonNode health = json(anonymous.body());
            assertThat(health.get("status").asText()).as(path).isEqualTo("UP");
            assertThat(health.has("components")).as("details of " + path + " without a login").isFalse();
        }
        assertThat(get("/actuator/prometheus", null).body()).contains("jvm_memory_used_bytes");
        assertThat(json(get("/actuator/health", VIEWER).body()).at("/components/jms/status").asText()).isEqualTo("UP");

        // Hawtio's proxy to other JVMs' Jolokia is off: it would make the gateway call other hosts
        assertThat(get("/actuator/hawtio/proxy/enabled", ADMIN).body().strip()).isEqualTo("false");

        // Hawtio's page is served without a login: it shows Hawtio's login form
        assertThat(get("/actuator/hawtio/", null).statusCode()).isIn(200, 302);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** This gateway's context MBean (other gateways of the test run may be registered in the same JVM). */
    private String camelContext() {
        return "org.apache.camel:context=" + camelContext.getManagementName() + ",type=context,name=\""
                + camelContext.getName() + "\"";
    }

    private String route(String id) {
        return "org.apache.camel:context=" + camelContext.getManagementName() + ",type=routes,name=\"" + id + "\"";
    }

    private JsonNode exec(String user, String mbean, String operation, Object... arguments) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("type", "exec").put("mbean", mbean).put("operation", operation);
        request.set("arguments", JSON.valueToTree(arguments));
        return json(post("/actuator/jolokia", user, JSON.writeValueAsString(request), Map.of()).body());
    }

    private JsonNode write(String user, String mbean, String attribute, Object value) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("type", "write").put("mbean", mbean).put("attribute", attribute);
        request.set("value", JSON.valueToTree(value));
        return json(post("/actuator/jolokia", user, JSON.writeValueAsString(request), Map.of()).body());
    }

    private JsonNode jolokia(String user, Map<String, String> request) throws Exception {
        return json(post("/actuator/jolokia", user, JSON.writeValueAsString(request), Map.of()).body());
    }

    /** A listener on loopback that counts the connections it is offered and closes each at once. */
    private static final class ConnectionCounter implements AutoCloseable {

        private final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread acceptor = new Thread(this::acceptAll, "jmx-target");

        ConnectionCounter() throws java.io.IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptAll() {
            while (!socket.isClosed()) {
                try (var connection = socket.accept()) {
                    accepted.incrementAndGet();
                } catch (java.io.IOException closed) {
                    // closed by close()
                }
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        /** The connections so far, after a moment for any still on its way. */
        int connections() throws InterruptedException {
            Thread.sleep(300);
            return accepted.get();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join(5000);
        }
    }

    private void sendToDlq(String id) throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(gatewayProperties.getBroker().getListen());
        try (Connection connection = factory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue("erp.dlq"))) {
            var message = session.createTextMessage("dead letter " + id);
            message.setStringProperty("id", id);
            producer.send(message);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path, String credentials) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), credentials);
    }

    private HttpResponse<String> post(String path, String credentials, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request, credentials);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String credentials) throws Exception {
        if (credentials != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
