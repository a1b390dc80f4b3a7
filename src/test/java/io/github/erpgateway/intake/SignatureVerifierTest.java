package io.github.erpgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import io.github.erpgateway.config.GatewayProperties;
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

    /** Issue 19 point 5: a tenant-bound secret passes the signature check but is remembered with its tenants. */
    @Test
    void aTenantBoundSecretIsRememberedWithItsTenants() {
        PipelineParts parts = new PipelineParts();
        GatewayProperties.Source source = parts.source("visma-net", "wide");
        source.getTenants().put("a", tenant("bound-a", "shared"));
        source.getTenants().put("b", tenant("bound-b", "shared", "wide"));
        SignatureVerifier verifier = parts.verifier();

        Exchange wide = signedWith("X-VWD-Signature-V1", GatewayTestSupport.sign("wide", BODY));
        verifier.process(wide);
        assertThat(wide.getProperty(WebhookProperties.SIGNER_TENANTS)).isNull(); // also listed for b: still source-wide
        assertThatCode(() -> SignerTenants.check(wide, "anyone", true)).doesNotThrowAnyException();

        Exchange boundA = signedWith("X-VWD-Signature-V1", GatewayTestSupport.sign("bound-a", BODY));
        verifier.process(boundA);
        assertThat(boundA.getProperty(WebhookProperties.SIGNER_TENANTS)).isEqualTo(Set.of("a"));
        assertThatCode(() -> SignerTenants.check(boundA, "a", false)).doesNotThrowAnyException();
        assertThatThrownBy(() -> SignerTenants.check(boundA, "b", false)).isInstanceOf(TenantNotSignedException.class);
        assertThatThrownBy(() -> SignerTenants.check(boundA, null, false)).isInstanceOf(TenantNotSignedException.class);
        assertThatThrownBy(() -> SignerTenants.check(boundA, "a", true)).isInstanceOf(TenantNotSignedException.class);

        Exchange shared = signedWith("X-VWD-Signature-V1", GatewayTestSupport.sign("shared", BODY));
        verifier.process(shared);
        assertThat(shared.getProperty(WebhookProperties.SIGNER_TENANTS)).isEqualTo(Set.of("a", "b"));
    }

    @Test
    void tokenModeBindsTenantTokensToo() {
        PipelineParts parts = new PipelineParts();
        GatewayProperties.Source source = parts.source("visma-net", "tok-wide");
        source.getTenants().put("a", tenant("tok-a"));
        SignatureVerifier verifier = parts.verifier();

        Exchange bound = withToken("tok-a");
        verifier.process(bound);
        assertThat(bound.getProperty(WebhookProperties.SIGNER_TENANTS)).isEqualTo(Set.of("a"));
        Exchange wide = withToken("tok-wide");
        verifier.process(wide);
        assertThat(wide.getProperty(WebhookProperties.SIGNER_TENANTS)).isNull();
        assertThatThrownBy(() -> verifier.process(withToken("tok-b"))).isInstanceOf(InvalidSignatureException.class);
    }

    private static GatewayProperties.Tenant tenant(String... secrets) {
        GatewayProperties.Tenant tenant = new GatewayProperties.Tenant();
        tenant.setSecrets(new java.util.ArrayList<>(java.util.List.of(secrets)));
        return tenant;
    }
}
