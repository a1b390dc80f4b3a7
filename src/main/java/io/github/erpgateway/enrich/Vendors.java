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
    /**
     * JMS property of a work item and of an enrichment dead letter: the canonical message's duplicate id (the signed
     * payload's id, else the body's hash), which the enriched event takes as its own ({@link WorkItemTransformer}).
     */
    public static final String DUPLICATE_KEY_PROPERTY = "duplicatekey";

    private Vendors() {
    }
}
