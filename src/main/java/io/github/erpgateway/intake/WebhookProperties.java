package io.github.erpgateway.intake;

/**
 * The exchange contract: the properties that pass between the source routes, the shared routes in
 * {@code routes/gateway.camel.yaml} and the beans. A source route sets {@link #SOURCE} and {@link #EVENT_FIELDS},
 * calls {@code direct:receive-webhook} (which ends the exchange itself with {@code stop} when it has already replied,
 * e.g. a parked body), chooses {@link #MAPPING} and calls {@code direct:publish}; everything else is set on the way.
 */
public final class WebhookProperties {

    /** Source id, e.g. {@code visma-net}; set by the source's route. */
    public static final String SOURCE = "source";
    /**
     * Comma-separated payload fields that make up the routing key, e.g. {@code topic,event}; set by the source's route,
     * {@code event} when it sets none.
     */
    public static final String EVENT_FIELDS = "eventFields";
    /** How the source's webhooks are verified ({@code hmac}, {@code token}, {@code none}); set by the source's route. */
    public static final String VERIFICATION = "verification";
    /** The request header with the signature or token; set by the source's route. */
    public static final String SIGNATURE_HEADER = "signatureHeader";
    /**
     * Comma-separated payload fields that carry the vendor's event id, the first present wins; set by the source's route.
     * Blank or unset: the payload has no id.
     */
    public static final String EVENT_ID_FIELDS = "eventIdFields";
    /** The request body exactly as received (byte[]); set by the signature check, before anything parses it. */
    public static final String RAW_BODY = "rawBody";
    /**
     * The event id: the payload's id (in {@link #EVENT_ID_FIELDS}), else the dispatcher's header, else the body's key
     * within gateway.duplicates.body-hash-window (BodyHashWindow).
     */
    public static final String EVENT_ID = "eventId";
    /**
     * What counts as "the same event" for the duplicate memory and Artemis' {@code _AMQ_DUPL_ID}: the id when it came
     * from the signed payload, else the body's key (SHA-256 of the raw body and its window, see BodyHashWindow), so an
     * unsigned header cannot make a replay new, and the same body after the window is a new event.
     */
    public static final String DUPLICATE_KEY = "duplicateKey";
    /**
     * Set by the signature check when only tenant-bound secrets matched: the tenants (Set of String) the signature
     * speaks for. Absent when a source-wide secret matched. See {@link SignerTenants}.
     */
    public static final String SIGNER_TENANTS = "signerTenants";
    /** The tenant the mapping named (String, or absent); set by the CloudEvent writer. */
    public static final String TENANT = "tenant";
    /** TRUE when the mapping took the tenant from an unsigned request header ({@code "tenantsource": "header"}). */
    public static final String TENANT_FROM_HEADER = "tenantFromHeader";
    /** The trusted x-vwd-* dispatcher headers with usable values (Map of lower-case name to value), see DispatcherHeaders. */
    public static final String DISPATCHER_HEADERS = "dispatcherHeaders";
    /** Values of the event fields joined by '.', as sent. */
    public static final String VENDOR_EVENT = "vendorEvent";
    /** The vendor event lower-cased with everything but letters, digits and '.' removed: what routes match on. */
    public static final String EVENT_KEY = "eventKey";
    /** RFC 3339 UTC instant the gateway received the request. */
    public static final String RECEIVED_AT = "receivedAt";
    /** Why the body was parked (not JSON). */
    public static final String PARSE_ERROR = "parseError";
    /** Mapping file (relative to the mappings directory) chosen by the route. */
    public static final String MAPPING = "mapping";
    /** Queue the message goes to. */
    public static final String QUEUE = "queue";
    /** Request headers the mappings may read, names lower-cased, without credentials (see DispatcherHeaders). */
    public static final String REQUEST_HEADERS = "requestHeaders";
    /** Nanotime the request reached the route, set by the signature check, its first step: for the log line and latency. */
    public static final String STARTED_NANOS = "startedNanos";
    /** The CloudEvent type the mapping produced, for the log line; set by the CloudEvent writer. */
    public static final String EVENT_TYPE = "eventType";
    /** What became of the event (accepted, duplicate, unrouted, parked, dead-lettered, ...), set with the reply. */
    public static final String OUTCOME = "outcome";
    /** Set while a side-queue message is replayed: the id of this replay run (docs/replay.md). */
    public static final String REPLAY_RUN = "replayRun";
    /** Set while a side-queue message is replayed: its JMSMessageID on the side queue. */
    public static final String REPLAY_OF = "replayOf";

    private WebhookProperties() {
    }
}
