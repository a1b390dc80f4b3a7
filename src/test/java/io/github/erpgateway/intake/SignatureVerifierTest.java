package io.github.erpgateway.intake;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.github.erpgateway.support.GatewayTestSupport;
import io.github.erpgateway.support.PipelineParts;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** The signature check alone, no Spring: HMAC over the exact bytes, rotation, tokens, and what is always refused. */
class SignatureVerifierTest {

    private static final byte[] BODY = "{\"event\":\"Customer_Created\"}".getBytes();

    private static Exchange signedWith(String header, String value) {
        return PipelineParts.webhook("visma-net", "event", BODY, Map.of(header, value));
    }

    @Test
    void acceptsAnyConfiguredSecretInAnyHeaderCase() {
        PipelineParts parts = new PipelineParts();
        parts.source("visma-net", "old", "new");
        SignatureVerifier verifier = parts.verifier();
        assertThatCode(() -> verifier.process(signedWith("X-VWD-Signature-V1", GatewayTestSupport.sign("old", BODY)))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.process(signedWith("x-vwd-signature-v1", GatewayTestSupport.sign("new", BODY)))).doesNotThrowAnyException();
    }

    @Test
    void refusesAWrongKeyAnAlteredBodyAndGarbage() {
        PipelineParts parts = new PipelineParts();
        parts.source("visma-net", "secret");
        SignatureVerifier verifier = parts.verifier();
        assertThatThrownBy(() -> verifier.process(signedWith("X-VWD-Signature-V1", GatewayTestSupport.sign("other", BODY))))
                .isInstanceOf(InvalidSignatureException.class);
        byte[] altered = "{\"event\":\"Customer_Deleted\"}".getBytes();
        assertThatThrownBy(() -> verifier.process(signedWith("X-VWD-Signature-V1", GatewayTestSupport.sign("secret", altered))))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verifier.process(signedWith("X-VWD-Signature-V1", "%%%not base64")))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verifier.process(PipelineParts.webhook("visma-net", "event", BODY, Map.of())))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void aSourceWithoutSecretsOrConfigurationRefusesEverything() {
        PipelineParts parts = new PipelineParts();
        parts.source("visma-net");
        SignatureVerifier verifier = parts.verifier();
        assertThatThrownBy(() -> verifier.process(signedWith("X-VWD-Signature-V1", GatewayTestSupport.sign("anything", BODY))))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verifier.process(PipelineParts.webhook("example-vendor", "event", BODY, Map.of())))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void tokenModeNeverAcceptsAnEmptyToken() {
        PipelineParts parts = new PipelineParts();
        parts.source("visma-net", "tok1", "");
        SignatureVerifier verifier = parts.verifier();
        assertThatCode(() -> verifier.process(withToken("tok1"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.process(withToken(""))).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verifier.process(withToken(" "))).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verifier.process(withToken("tok"))).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void readsTheHeaderAndModeTheRouteFileNames() {
        PipelineParts parts = new PipelineParts();
        parts.source("visma-net", "secret");
        SignatureVerifier verifier = parts.verifier();
        Exchange ownHeader = signedWith("X-Venio-Signature", GatewayTestSupport.sign("secret", BODY));
        ownHeader.setProperty(WebhookProperties.SIGNATURE_HEADER, "X-Venio-Signature");
        assertThatCode(() -> verifier.process(ownHeader)).doesNotThrowAnyException();
        // the signature in the default header does not count when the route file names another one
        Exchange otherHeader = signedWith("X-VWD-Signature-V1", GatewayTestSupport.sign("secret", BODY));
        otherHeader.setProperty(WebhookProperties.SIGNATURE_HEADER, "X-Venio-Signature");
        assertThatThrownBy(() -> verifier.process(otherHeader)).isInstanceOf(InvalidSignatureException.class);
        Exchange unsigned = PipelineParts.webhook("visma-net", "event", BODY, Map.of());
        unsigned.setProperty(WebhookProperties.VERIFICATION, "none");
        assertThatCode(() -> verifier.process(unsigned)).doesNotThrowAnyException();
        Exchange unknownMode = PipelineParts.webhook("visma-net", "event", BODY, Map.of());
        unknownMode.setProperty(WebhookProperties.VERIFICATION, "hmac-sha1");
        assertThatThrownBy(() -> verifier.process(unknownMode)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("routes/visma-net.camel.yaml");
    }

    private static Exchange withToken(String token) {
        Exchange exchange = signedWith("X-Webhook-Token", token);
        exchange.setProperty(WebhookProperties.VERIFICATION, "token");
        exchange.setProperty(WebhookProperties.SIGNATURE_HEADER, "X-Webhook-Token");
        return exchange;
    }
}
