package io.github.erpgateway.enrich;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Turns a source route's declaration (exchange property {@code enrichEntities}: comma-separated entities, or
 * {@code *}) into the JMS property {@code enrich} on the canonical message; the broker's divert copies marked
 * messages to the enrichment work queue ({@link EnrichmentBrokerCustomizer}).
 */
public final class EnrichmentMark {

    /** Exchange property a source route sets. */
    public static final String DECLARATION = "enrichEntities";

    private EnrichmentMark() {
    }

    public static void apply(Exchange exchange, Message message, String entity) {
        if (declared(exchange.getProperty(DECLARATION, String.class), entity)) {
            message.setHeader(Vendors.ENRICH_PROPERTY, Boolean.TRUE);
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
