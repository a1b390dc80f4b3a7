package io.github.erpgateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.github.erpgateway.GatewayApplication;
import io.github.erpgateway.http.WebhookHttpServer;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

/**
 * The embedded broker's acceptor has no login unless gateway.broker.user/password are set. On loopback that is
 * acceptable; listening anywhere else without them, the gateway refuses to start and says why; with them, CORE and
 * AMQP 1.0 clients must log in (the gateway's own in-VM connection does), and each refused login is counted.
 */
class BrokerAcceptorSecurityIT {

    @Test
    void refusesToStartOnANonLoopbackAddressWithoutCredentials() {
        int port = freePort();

        assertThatThrownBy(() -> start(port).close())
                .satisfies(failure -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure).getMessage())
                        .isEqualTo("gateway.broker.listen=tcp://0.0.0.0:" + port + " is reachable from other hosts but the"
                                + " broker has no login: set gateway.broker.user and gateway.broker.password, or listen on"
                                + " 127.0.0.1"));
    }

    @Test
    void withCredentialsOnlyAuthenticatedClientsGetIn() throws Exception {
        int port = freePort();
        try (ConfigurableApplicationContext gateway = start(port,
                "gateway.broker.user=consumer", "gateway.broker.password=s3cret-broker-password")) {
            // the gateway's own connection logs in: a webhook is stored
            String id = UUID.randomUUID().toString();
            byte[] body = ("{\"event\":\"Supplier_Created\",\"notificationId\":\"" + id
                    + "\",\"entityLocation\":\"api/v1/supplier/9\",\"TenantId\":\"t\"}").getBytes(StandardCharsets.UTF_8);
            int webhookPort = WebhookHttpServer.actualPort(gateway.getBean(CamelContext.class));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + webhookPort + "/webhooks/visma-net"))
                    .header("Content-Type", "application/json")
                    .header(GatewayTestSupport.SIGNATURE_HEADER, GatewayTestSupport.sign(GatewayTestSupport.VISMA_SECRET, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(202);

            String url = "tcp://127.0.0.1:" + port;
            try (ActiveMQConnectionFactory anonymous = new ActiveMQConnectionFactory(url)) {
                assertThatThrownBy(anonymous::createConnection).isInstanceOf(JMSSecurityException.class);
            }
            try (ActiveMQConnectionFactory wrongPassword = new ActiveMQConnectionFactory(url, "consumer", "guess")) {
                assertThatThrownBy(wrongPassword::createConnection).isInstanceOf(JMSSecurityException.class);
            }
            try (ActiveMQConnectionFactory authenticated = new ActiveMQConnectionFactory(url, "consumer", "s3cret-broker-password");
                    Connection connection = authenticated.createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                try (QueueBrowser browser = session.createBrowser(session.createQueue("erp.visma-net.supplier"), "ce_id = '" + id + "'")) {
                    List<?> found = new ArrayList<>(Collections.list(browser.getEnumeration()));
                    assertThat(found).hasSize(1);
                }
            }

            // AMQP 1.0 on the same acceptor, under the same login; every refused login is counted
            MeterRegistry registry = gateway.getBean(MeterRegistry.class);
            double refusedBefore = refusedLogins(registry);
            String amqp = "amqp://127.0.0.1:" + port;
            assertThatThrownBy(() -> new JmsConnectionFactory(amqp).createConnection().start())
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> new JmsConnectionFactory("consumer", "guess", amqp).createConnection().start())
                    .isInstanceOf(JMSSecurityException.class);
            assertThat(refusedLogins(registry)).isGreaterThanOrEqualTo(refusedBefore + 2);
            try (Connection connection = new JmsConnectionFactory("consumer", "s3cret-broker-password", amqp).createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                try (QueueBrowser browser = session.createBrowser(session.createQueue("erp.visma-net.supplier"), "ce_id = '" + id + "'")) {
                    assertThat(Collections.list(browser.getEnumeration())).hasSize(1);
                }
            }
        }
    }

    /** Artemis' own count of refused logins, in the application's registry (artemis_authentication_count{result="failure"}). */
    private static double refusedLogins(MeterRegistry registry) {
        return registry.get("artemis.authentication.count").tag("result", "failure").gauge().value();
    }

    private static ConfigurableApplicationContext start(int brokerPort, String... extra) {
        // command-line arguments: SpringApplicationBuilder.properties() would rank below application.yaml
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "gateway.http.port=0",
                "gateway.http.host=127.0.0.1",
                "gateway.broker.listen=tcp://0.0.0.0:" + brokerPort,
                "gateway.broker.data-dir=target/test-artemis/" + UUID.randomUUID(),
                "gateway.sources.visma-net.secrets=" + GatewayTestSupport.VISMA_SECRET,
                "logging.config=classpath:test-logging.xml",
                "gateway.management.jaas-config=src/test/resources/hawtio-login/hawtio-jaas.conf"));
        properties.addAll(List.of(extra));
        return new SpringApplicationBuilder(GatewayApplication.class)
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
