package io.github.erpgateway.enrich;

import java.nio.charset.StandardCharsets;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.transformer.Transformer;

/**
 * Applied by the broker to the divert's copy on its way to {@code enrichment.<source>}: moves {@code _AMQ_DUPL_ID} to
 * the property {@code duplicatekey} ({@link Vendors#DUPLICATE_KEY_PROPERTY}). The canonical send was already checked
 * for duplicates on its entity address (a redelivered webhook never reaches the divert), and its journal transaction,
 * which the copy joins, was started for that check. Checking the id again on the work queue's own cache could only
 * reject the copy, and with it roll back the canonical send, in the rare case where that cache still holds an id the
 * entity address has already forgotten. The enriched event takes its duplicate id from {@code duplicatekey}: the
 * canonical's, which the signed payload determined, never an id from an unsigned header.
 */
public class WorkItemTransformer implements Transformer {

    @Override
    public Message transform(Message message) {
        Object id = message.removeProperty(Message.HDR_DUPLICATE_DETECTION_ID);
        if (id != null) {
            message.putStringProperty(Vendors.DUPLICATE_KEY_PROPERTY,
                    id instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : id.toString());
        }
        return message;
    }
}
