package io.github.erpgateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.github.erpgateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * TLS on the webhook listener with a real TLS client: a PEM pair made by openssl, TLS 1.2+ negotiated, plain HTTP
 * refused, and a renewed certificate served to new connections without a restart.
 */
class ListenerTlsIT extends GatewayTestSupport {

    private static final Path DIR = Path.of("target", "test-tls");
    private static final Path CERT = DIR.resolve("webhooks.crt");
    private static final Path KEY = DIR.resolve("webhooks.key");

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) throws Exception {
        Files.createDirectories(DIR);
        makeCertificate("first", CERT, KEY);
        registry.add("gateway.http.tls.enabled", () -> "true");
        registry.add("gateway.http.tls.certificate", CERT::toString);
        registry.add("gateway.http.tls.private-key", KEY::toString);
        registry.add("gateway.http.tls.reload-interval", () -> "200ms");
    }

    @Test
    void acceptsAWebhookOverTls12OrLater() throws Exception {
        String id = newId();
        byte[] body = ("{\"event\":\"Customer_Created\",\"notificationId\":\"" + id
                + "\",\"entityLocation\":\"api/v1/customer/1\",\"TenantId\":\"t\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = client(trusting(CERT)).send(HttpRequest.newBuilder(httpsUri())
                .header("Content-Type", "application/json").header(SIGNATURE_HEADER, sign(VISMA_SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
        assertThat(receiveEvent("erp.visma-net.customer", id)).isNotNull();
    }

    @Test
    void refusesPlainHttpOnTheTlsPort() {
        try (RawConnection plain = new RawConnection(WebhookHttpServer.actualPort(camelContext))) {
            plain.send(RawConnection.post("/webhooks/visma-net", 2, "") + "{}");
            assertThat(plain.readUntilClosed(3000)).doesNotContain("202").doesNotContain("accepted");
        } catch (IOException e) {
            // reset: refused as well
        }
    }

    @Test
    void servesARenewedCertificateWithoutARestart() throws Exception {
        Path newCert = DIR.resolve("renewed.crt");
        Path newKey = DIR.resolve("renewed.key");
        makeCertificate("renewed", newCert, newKey);
        Files.move(newKey, KEY, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(newCert, CERT, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        String subject = "";
        for (int i = 0; i < 50 && !subject.contains("CN=renewed"); i++) {
            Thread.sleep(200);
            try {
                HttpResponse<String> response = client(trusting(CERT)).send(HttpRequest.newBuilder(httpsUri())
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                subject = ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0])
                        .getSubjectX500Principal().getName();
            } catch (IOException e) {
                // still the old certificate, which the new trust store rejects
            }
        }
        assertThat(subject).contains("CN=renewed");
    }

    private URI httpsUri() {
        return URI.create("https://127.0.0.1:" + WebhookHttpServer.actualPort(camelContext) + "/webhooks/visma-net");
    }

    private static HttpClient client(SSLContext ssl) {
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** A self-signed certificate for 127.0.0.1, made by the openssl command line as an operator would. */
    private static void makeCertificate(String name, Path cert, Path key) throws Exception {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=" + name, "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (openssl.waitFor() != 0) {
            throw new IllegalStateException("openssl failed: " + output);
        }
    }
}
