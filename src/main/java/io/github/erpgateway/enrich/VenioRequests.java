package io.github.erpgateway.enrich;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Venio: GET the record by the code or number the event names, at the path configured for its entity. */
@Component("venioRequests")
public class VenioRequests {

    private final EnrichmentProperties.Venio config;

    public VenioRequests(EnrichmentProperties properties) {
        this.config = properties.getVenio();
    }

    public void prepare(Exchange exchange) {
        String entity = exchange.getProperty("entity", String.class);
        String template = config.getPaths().get(entity);
        if (template == null) {
            throw new EnrichmentFailedException("no gateway.enrichment.venio.paths." + entity + " configured");
        }
        exchange.setProperty(VendorCalls.METHOD, "GET");
        exchange.setProperty(VendorCalls.PATH, VismaNetRequests.template(template, exchange.getProperty("subject", String.class)));
    }
}
