package io.github.erpgateway.enrich;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Builds each vendor request from what the vendor's request builder decided (exchange properties
 * {@code requestMethod}, {@code requestPath}, {@code requestBody}): every header of the consumed message and of an
 * earlier reply is dropped first, so nothing of a payload or a JMS property becomes an HTTP header or overrides the
 * configured URL ({@code CamelHttpUri}), and only the path the builder checked is appended to the configured base.
 */
@Component("vendorCalls")
public class VendorCalls {

    static final String METHOD = "requestMethod";
    static final String PATH = "requestPath";
    static final String BODY = "requestBody";
    static final String TOKEN = "requestToken";
    static final String STARTED = "callStarted";

    private final OAuthTokens tokens;
    private final EnrichmentProperties properties;

    public VendorCalls(OAuthTokens tokens, EnrichmentProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    /** Before each call: headers, token, path and body of the request. */
    public void request(Exchange exchange) {
        String vendor = exchange.getProperty(EnrichedEvents.VENDOR, String.class);
        String token = tokens.token(vendor, exchange.getProperty("tenant", String.class), OAuthTokens.tenantFromHeader(exchange));
        exchange.setProperty(TOKEN, token);
        Message message = exchange.getIn();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, exchange.getProperty(METHOD, "GET", String.class));
        String path = exchange.getProperty(PATH, String.class);
        if (path != null) {
            message.setHeader(Exchange.HTTP_PATH, path);
        }
        message.setHeader("Authorization", "Bearer " + token);
        message.setHeader("Accept", "application/json");
        if (Vendors.VENIO.equals(vendor) && properties.getVenio().getSubscriptionKey() != null) {
            message.setHeader("Ocp-Apim-Subscription-Key", properties.getVenio().getSubscriptionKey());
        }
        String body = exchange.getProperty(BODY, String.class);
        if (body != null) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setBody(body);
        } else {
            message.setBody(null);
        }
        exchange.setProperty(STARTED, System.nanoTime());
    }

    /** The API refused the token (401): forget it, fetch another, and build the request again, once. */
    public void retryWithNewToken(Exchange exchange) {
        String vendor = exchange.getProperty(EnrichedEvents.VENDOR, String.class);
        tokens.refused(vendor, exchange.getProperty("tenant", String.class), exchange.getProperty(TOKEN, String.class));
        request(exchange);
    }

    /** For the Business NXT route's throttle. */
    public int businessNxtRequestsPerMinute() {
        return properties.getBusinessNxt().getRequestsPerMinute();
    }
}
