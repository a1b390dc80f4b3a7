package io.github.erpgateway.bench.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes the n-th webhook of a run: source by the mix, a unique id, the body from the source's templates, and the
 * signature base64(HMAC-SHA256(secret, body bytes)). Not thread-safe (one Mac per source): call it from the one
 * event-loop thread that sends.
 */
public final class WebhookFactory {

    private final Mix mix;
    private final EventIds ids;
    private final String pathOverride;
    private final Map<Source, Mac> macs = new EnumMap<>(Source.class);

    /** @param pathOverride send every webhook to this path instead of its source's (the ceiling route), or null */
    public WebhookFactory(Mix mix, EventIds ids, String pathOverride) {
        this.mix = mix;
        this.ids = ids;
        this.pathOverride = pathOverride;
        for (Source source : Source.values()) {
            macs.put(source, newMac(source.secret()));
        }
    }

    public Webhook create(long sequence) {
        Source source = mix.sourceOf(sequence);
        String id = ids.idOf(sequence);
        int round = mix.templateRound(sequence);
        PayloadTemplate template = source.templates().get(round % source.templates().size());
        byte[] body = template.fill(id, 10_000 + sequence % 990_000);
        String signature = Base64.getEncoder().encodeToString(macs.get(source).doFinal(body));
        return new Webhook(sequence, source, pathOverride != null ? pathOverride : source.path(), signature,
                source.idInPayload() ? null : id, body);
    }

    public static String sign(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(newMac(secret).doFinal(body));
    }

    private static Mac newMac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
