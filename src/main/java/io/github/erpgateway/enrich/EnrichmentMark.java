package io.github.erpgateway.enrich;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Turns a source route's declaration (exchange property {@code enrichEntities}: comma-separated entities, or
 * {@code *}) into the JMS property {@code enrich} on the canonical message; the broker's divert copies marked
 * messages to the enrichment work queue ({@link EnrichmentBrokerCustomizer}). A step of the publish route
 * ({@code routes/gateway.camel.yaml}) right after the CloudEvent is written: enrichment sits above the intake stages,
 * which know nothing of it.
 */
@Component("enrichmentMark")
public class EnrichmentMark implements Processor {

    /** Exchange property a source route sets. */
    public static final String DECLARATION = "enrichEntities";

    @Override
    public void process(Exchange exchange) {
        // the entity the CloudEvent writer set as a message property
        if (declared(exchange.getProperty(DECLARATION, String.class), exchange.getIn().getHeader("entity", String.class))) {
            exchange.getIn().setHeader(Vendors.ENRICH_PROPERTY, Boolean.TRUE);
        }
    }

    static boolean declared(String declaration, String entity) {
        if (declaration == null || declaration.isBlank()) {
            return false;
        }
        for (String listed : declaration.split(",")) {
            String name = listed.trim();
            if (name.equals("*") || name.equals(entity)) {
                return true;
            }
        }
        return false;
    }
}
