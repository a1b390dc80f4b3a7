package io.github.erpgateway.enrich;

import java.util.List;

/** The sources whose records can be fetched, and the names derived from them. */
public final class Vendors {

    public static final String VISMA_NET = "visma-net";
    public static final String BUSINESS_NXT = "business-nxt";
    public static final String VENIO = "venio";
    public static final List<String> ALL = List.of(VISMA_NET, BUSINESS_NXT, VENIO);

    /** JMS property a source route's declaration puts on a canonical message that is to be enriched. */
    public static final String ENRICH_PROPERTY = "enrich";

    private Vendors() {
    }
}
