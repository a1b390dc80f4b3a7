package io.github.erpgateway.bench.peer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** base64(HMAC-SHA256(secret, body)) compared in constant time, exactly the gateway's rule. */
final class HmacVerifier {

    private final ThreadLocal<Mac> mac;

    HmacVerifier(String secret) {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        // Mac is not thread-safe and costly to create: one per request thread
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    boolean verify(byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] expected = Base64.getEncoder().encode(mac.get().doFinal(body));
        return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
