package io.github.erpgateway.intake;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.config.GatewayProperties.Source;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks that a webhook comes from its source, over the exact bytes received (never re-serialised JSON), as the
 * source's route file says ({@code verification} and {@code signatureHeader} of its templatedRoute):
 * <ul>
 * <li>{@code hmac}: header = base64(HMAC-SHA256(secret, body)), key = UTF-8 bytes of the secret; any configured secret passes.</li>
 * <li>{@code token}: header equals one of the secrets.</li>
 * <li>{@code none}: accepts everything; only when written in the route file (warned about when the route starts,
 * by {@link SourceRouteSettings}).</li>
 * </ul>
 * All comparisons are constant-time: every secret is tried. A source without configuration, or without secrets,
 * rejects everything. A secret listed only under {@code gateway.sources.<source>.tenants.<tenant>.secrets} passes here
 * too, but then the exchange remembers the tenants it speaks for, and {@link SignerTenants} refuses the event once its
 * mapped tenant is another.
 */
@Component("signatureVerifier")
public class SignatureVerifier implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SignatureVerifier.class);
    private static final String HMAC = "HmacSHA256";

    private final Map<String, Source> sources;
    private final Map<String, List<Secret>> secrets = new ConcurrentHashMap<>();
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(SignatureVerifier::newMac);

    /**
     * One distinct configured secret: its HMAC key and token bytes, and the tenants it speaks for (null: every tenant,
     * a source-wide secret; a secret listed both source-wide and for a tenant is source-wide).
     */
    private record Secret(SecretKeySpec key, byte[] token, Set<String> tenants) {
    }

    public SignatureVerifier(GatewayProperties properties) {
        this.sources = properties.getSources();
        sources.forEach((name, source) -> {
            if (source.allSecrets().findAny().isEmpty()) {
                LOG.warn("Source '{}' has no secrets configured (gateway.sources.{}.secrets): every webhook to it is rejected with 401.",
                        name, name);
            }
        });
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(WebhookProperties.STARTED_NANOS, System.nanoTime());
        // the Vert.x listener's body is a Buffer: copied out directly, where Camel's conversion went through an
        // InputStream with 8 KiB stream buffers (14 % of all allocations in the benchmark's profile)
        byte[] body = exchange.getIn().getBody() instanceof Buffer buffer ? buffer.getBytes()
                : exchange.getIn().getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        exchange.setProperty(WebhookProperties.RAW_BODY, body);
        String sourceName = exchange.getProperty(WebhookProperties.SOURCE, String.class);
        Source source = sourceName == null ? null : sources.get(sourceName);
        if (source == null) {
            throw new InvalidSignatureException("source '" + sourceName + "' is not configured");
        }
        String verification = exchange.getProperty(WebhookProperties.VERIFICATION, SourceRouteSettings.HMAC, String.class);
        String header = exchange.getProperty(WebhookProperties.SIGNATURE_HEADER, SourceRouteSettings.DEFAULT_HEADER, String.class);
        switch (verification) {
            case SourceRouteSettings.NONE -> { }
            case SourceRouteSettings.TOKEN -> verifyToken(exchange, header, sourceName, source);
            case SourceRouteSettings.HMAC -> verifyHmac(exchange, header, sourceName, source, body);
            // SourceRouteSettings names the route file in an ERROR line when the route is added
            default -> throw new IllegalStateException("routes/" + sourceName + ".camel.yaml: verification must be "
                    + "hmac, token or none");
        }
    }

    private void verifyToken(Exchange exchange, String header, String sourceName, Source source) {
        String presented = exchange.getIn().getHeader(header, String.class);
        // an empty token never matches, also when the secrets list has an empty element (secrets=tok1,)
        if (presented == null || presented.isBlank()) {
            throw new InvalidSignatureException("missing " + header);
        }
        byte[] presentedBytes = presented.trim().getBytes(StandardCharsets.UTF_8);
        Secret matched = null;
        for (Secret secret : secretsOf(sourceName, source)) {
            if (MessageDigest.isEqual(presentedBytes, secret.token())) {
                matched = secret;
            }
        }
        if (matched == null) {
            throw new InvalidSignatureException("token mismatch");
        }
        remember(exchange, matched);
    }

    private void verifyHmac(Exchange exchange, String header, String sourceName, Source source, byte[] body) {
        // Camel headers are case-insensitive, so X-VWD-Signature-V1 also finds x-vwd-signature-v1
        String presented = exchange.getIn().getHeader(header, String.class);
        if (presented == null || presented.isBlank()) {
            throw new InvalidSignatureException("missing " + header);
        }
        byte[] presentedBytes;
        try {
            presentedBytes = Base64.getDecoder().decode(presented.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException("signature is not base64");
        }
        Mac mac = macs.get();
        Secret matched = null;
        for (Secret secret : secretsOf(sourceName, source)) {
            try {
                mac.init(secret.key());
            } catch (InvalidKeyException e) {
                throw new IllegalStateException("unusable HMAC key for source " + sourceName, e);
            }
            if (MessageDigest.isEqual(mac.doFinal(body), presentedBytes)) {
                matched = secret;
            }
        }
        if (matched == null) {
            throw new InvalidSignatureException("signature mismatch");
        }
        remember(exchange, matched);
    }

    private List<Secret> secretsOf(String sourceName, Source source) {
        return secrets.computeIfAbsent(sourceName, n -> secretsOf(source));
    }

    /** A tenant-bound secret: the exchange remembers its tenants for {@link SignerTenants} after the mapping. */
    private static void remember(Exchange exchange, Secret matched) {
        if (matched.tenants() != null) {
            exchange.setProperty(WebhookProperties.SIGNER_TENANTS, matched.tenants());
        }
    }

    /** The source's distinct secrets, source-wide ones first; a secret listed for several tenants speaks for all of them. */
    private static List<Secret> secretsOf(Source source) {
        Map<String, Set<String>> tenantsOf = new LinkedHashMap<>();
        source.getSecrets().stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(s -> tenantsOf.put(s, null));
        source.getTenants().forEach((tenant, config) -> config.getSecrets().stream().map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(s -> {
                    if (!tenantsOf.containsKey(s)) {
                        tenantsOf.put(s, new HashSet<>());
                    }
                    Set<String> tenants = tenantsOf.get(s);
                    if (tenants != null) {
                        tenants.add(tenant);
                    }
                }));
        List<Secret> list = new ArrayList<>();
        tenantsOf.forEach((secret, tenants) -> list.add(new Secret(
                new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC), secret.getBytes(StandardCharsets.UTF_8),
                tenants == null ? null : Set.copyOf(tenants))));
        return List.copyOf(list);
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance(HMAC);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
