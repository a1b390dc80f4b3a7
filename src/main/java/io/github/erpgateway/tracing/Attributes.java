package io.github.erpgateway.tracing;

import io.opentelemetry.api.common.AttributeKey;

/** The gateway's span attributes (docs/operations.md, "Tracing"); the CloudEvent id has OpenTelemetry's own name. */
final class Attributes {

    static final AttributeKey<String> SOURCE = AttributeKey.stringKey("gateway.source");
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("gateway.tenant");
    static final AttributeKey<String> ENTITY = AttributeKey.stringKey("gateway.entity");
    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("cloudevents.event_id");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("gateway.outcome");
    static final AttributeKey<String> WHEN = AttributeKey.stringKey("gateway.when");
    static final AttributeKey<String> MAPPING = AttributeKey.stringKey("gateway.mapping");
    static final AttributeKey<String> REPLY = AttributeKey.stringKey("gateway.reply");

    private Attributes() {
    }
}
