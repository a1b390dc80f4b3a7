package io.github.erpgateway.intake;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads how each source signs its webhooks from its route file (the {@code verification} and {@code signatureHeader}
 * parameters of its templatedRoute of {@code webhook-source}) once Camel has started: it warns about a source that
 * accepts webhooks without verification, names a route file whose verification is not one the gateway knows, and keeps
 * the signature headers, which are credentials and never reach a mapping or a stored message ({@link DispatcherHeaders};
 * a header first written in a route file reloaded later is kept out by the exchange's own {@code signatureHeader}).
 */
@Component
public class SourceRouteSettings implements CamelContextConfiguration {

    public static final String HMAC = "hmac";
    public static final String TOKEN = "token";
    public static final String NONE = "none";
    /** The template's default: the Visma webhook dispatcher's header. */
    public static final String DEFAULT_HEADER = "X-VWD-Signature-V1";

    private static final Logger LOG = LoggerFactory.getLogger(SourceRouteSettings.class);

    /** Lower-case names; one per distinct header written in a route file, so bounded by the route files. */
    private final Set<String> credentialHeaders = ConcurrentHashMap.newKeySet();

    public SourceRouteSettings() {
        credentialHeaders.add(DEFAULT_HEADER.toLowerCase(Locale.ROOT));
    }

    /** True when {@code lowerCaseName} is the signature or token header of some source. */
    public boolean isCredentialHeader(String lowerCaseName) {
        return credentialHeaders.contains(lowerCaseName);
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        for (RouteDefinition route : camelContext.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinitions()) {
            Map<String, Object> parameters = route.getTemplateParameters();
            if (parameters != null && parameters.get(WebhookProperties.SOURCE) != null) { // a source's webhook route
                check(String.valueOf(parameters.get(WebhookProperties.SOURCE)),
                        text(parameters.get(WebhookProperties.VERIFICATION), HMAC),
                        text(parameters.get(WebhookProperties.SIGNATURE_HEADER), DEFAULT_HEADER));
            }
        }
    }

    void check(String source, String verification, String header) {
        credentialHeaders.add(header.toLowerCase(Locale.ROOT));
        switch (verification) {
            case NONE -> LOG.warn("Source '{}' accepts webhooks WITHOUT verification (verification: none in "
                    + "routes/{}.camel.yaml). Anyone who can reach the endpoint can inject events.", source, source);
            case HMAC, TOKEN -> LOG.info("Source '{}' verifies webhooks by {} in header {}", source, verification, header);
            default -> LOG.error("routes/{}.camel.yaml: verification '{}' is not hmac, token or none; every webhook to "
                    + "'{}' is answered 500 until it is fixed", source, verification, source);
        }
    }

    private static String text(Object value, String otherwise) {
        return value == null || value.toString().isBlank() ? otherwise : value.toString().trim();
    }
}
