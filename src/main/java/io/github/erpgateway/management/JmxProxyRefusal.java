package io.github.erpgateway.management;

import org.jolokia.server.core.request.JolokiaRequest;
import org.jolokia.server.core.service.request.AbstractRequestHandler;

/**
 * Refuses every Jolokia request that names a {@code target}: a JMX proxy request, which would make the gateway
 * connect to any host and port the caller names (and, with a {@code service:jmx:rmi:///stub/...} URL, deserialize
 * bytes the caller chose). No role may proxy. Jolokia's proxy handler is not on the classpath (pom.xml excludes
 * jolokia-service-jsr160); without this handler a target would be ignored and the request served locally, so this
 * one answers 403 instead, and stays first (order 0) should a proxy handler ever come back.
 *
 * <p>Registered through {@code META-INF/jolokia/services}. Only POST requests (single or bulk) can name a target,
 * as {@code target} or {@code options.target}; both end up in the request's options.
 */
public class JmxProxyRefusal extends AbstractRequestHandler {

    public JmxProxyRefusal(int order) {
        super("proxy-refusal", order);
    }

    @Override
    public boolean canHandle(JolokiaRequest request) {
        return request.getOption("target") != null || request.getOption("targetId") != null;
    }

    @Override
    public <R extends JolokiaRequest> Object handleRequest(R request, Object previousResult) {
        throw new SecurityException("JMX proxy requests (a request with a target) are refused");
    }
}
