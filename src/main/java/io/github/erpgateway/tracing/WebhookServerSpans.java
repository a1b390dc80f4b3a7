package io.github.erpgateway.tracing;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.tracing.SpanAdapter;
import org.apache.camel.tracing.TagConstants;
import org.apache.camel.tracing.decorators.PlatformHttpSpanDecorator;

/**
 * The webhook's server span, as Camel's platform-http decorator makes it but without what the sender chose beyond the
 * path: {@code http.url} loses its query string, and the span is named for the route's path
 * ({@code POST /webhooks/visma-net}), not for the method alone. Its attributes are the method, the URL and (after) the
 * status, beside the gateway's own: Camel's others repeat the route's endpoint URI and options, the listener's address
 * and scheme, and a span's every attribute is exported with it. Camel's decorator loader takes this subclass in place
 * of its own (META-INF/services/org.apache.camel.tracing.SpanDecorator).
 */
public class WebhookServerSpans extends PlatformHttpSpanDecorator {

    @Override
    public String getOperationName(Exchange exchange, Endpoint endpoint) {
        return getHttpMethod(exchange, endpoint) + " /" + stripSchemeAndOptions(endpoint);
    }

    @Override
    protected String getHttpURL(Exchange exchange, Endpoint endpoint) {
        String url = super.getHttpURL(exchange, endpoint);
        int query = url == null ? -1 : url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public void pre(SpanAdapter span, Exchange exchange, Endpoint endpoint) {
        span.setComponent(CAMEL_COMPONENT + getComponent());
        String url = getHttpURL(exchange, endpoint);
        if (url != null) {
            span.setTag(TagConstants.HTTP_URL, url);
        }
        span.setTag(TagConstants.HTTP_METHOD, getHttpMethod(exchange, endpoint));
    }
}
