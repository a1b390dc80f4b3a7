package io.github.erpgateway.intake;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.erpgateway.config.GatewayProperties;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The request headers the gateway lets through, and how far it trusts them. No header is signed (the HMAC covers the
 * body only), so a header may never decide what counts as a duplicate (see {@link WebhookParser}) and only the
 * Visma dispatcher's documented {@code x-vwd-*} headers are kept, each bounded: printable ASCII, at most
 * {@code gateway.limits.max-id-length} characters, timestamps digits only. A header that carries a credential (any
 * source's signature or token header) or whose value equals a configured secret is dropped everywhere, so no secret
 * reaches a message, a mapping, a log line or a reply.
 */
@Component
public class DispatcherHeaders {

    public static final String NOTIFICATION_ID = "x-vwd-notification-id";
    private static final String PREFIX = "x-vwd-";
    /** Dispatcher headers kept as vwd_* properties and offered to mappings. */
    static final Set<String> TRUSTED = Set.of(NOTIFICATION_ID, "x-vwd-tenant-id", "x-vwd-subscription-id",
            "x-vwd-event-id", "x-vwd-notification-timestamp", "x-vwd-webhook-timestamp");
    private static final Set<String> TIMESTAMPS = Set.of("x-vwd-notification-timestamp", "x-vwd-webhook-timestamp");
    private static final int MAX_TIMESTAMP_DIGITS = 19; // a long

    private final SourceRouteSettings routeSettings;
    private final Set<String> secrets = new HashSet<>();
    private final int maxLength;

    public DispatcherHeaders(GatewayProperties properties, PayloadLimits limits, SourceRouteSettings routeSettings) {
        this.routeSettings = routeSettings;
        properties.getSources().values().forEach(source -> source.allSecrets().forEach(secrets::add)); // tenant-bound too
        this.maxLength = limits.getMaxIdLength();
    }

    /** The trusted dispatcher headers of the request that have a usable value: lower-case name to trimmed value. */
    public Map<String, String> dispatcherHeaders(Message in) {
        Map<String, String> kept = new LinkedHashMap<>();
        in.getHeaders().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (TRUSTED.contains(lower) && !routeSettings.isCredentialHeader(lower) && value instanceof String text) {
                String usable = usable(lower, text.trim());
                if (usable != null) {
                    kept.put(lower, usable);
                }
            }
        });
        return kept;
    }

    /**
     * The request headers a mapping may read ({@code $headers}): no Camel internals, no credential header, no value
     * equal to a secret, and of the {@code x-vwd-*} headers only the trusted ones as {@link #dispatcherHeaders} kept them.
     */
    public Map<String, String> forMappings(Message in, Map<String, String> dispatcher) {
        Map<String, String> headers = new LinkedHashMap<>();
        String ownHeader = in.getExchange().getProperty(WebhookProperties.SIGNATURE_HEADER, String.class);
        in.getHeaders().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!name.startsWith("Camel") && value != null && !lower.startsWith(PREFIX) && !routeSettings.isCredentialHeader(lower)
                    && !name.equalsIgnoreCase(ownHeader) && !isSecret(value.toString())) {
                headers.put(lower, value.toString());
            }
        });
        headers.putAll(dispatcher);
        return headers;
    }

    /** True when {@code value} is one of the configured secrets of any source. */
    public boolean isSecret(String value) {
        return value != null && !secrets.isEmpty() && secrets.contains(value.trim());
    }

    private String usable(String name, String value) {
        if (value.isEmpty() || value.length() > maxLength || isSecret(value)) {
            return null;
        }
        boolean timestamp = TIMESTAMPS.contains(name);
        if (timestamp && value.length() > MAX_TIMESTAMP_DIGITS) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (timestamp ? c < '0' || c > '9' : c < 0x20 || c > 0x7e) {
                return null;
            }
        }
        return value;
    }
}
