package io.github.erpgateway.enrich;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.transformer.Transformer;

/**
 * Applied by the broker to the divert's copy on its way to {@code enrichment.<source>}: drops {@code _AMQ_DUPL_ID}.
 * The canonical send was already checked for duplicates on its entity address (a redelivered webhook never reaches
 * the divert), and its journal transaction, which the copy joins, was started for that check. Checking the id again
 * on the work queue's own cache could only reject the copy, and with it roll back the canonical send, in the rare
 * case where that cache still holds an id the entity address has already forgotten.
 */
public class WorkItemTransformer implements Transformer {

    @Override
    public Message transform(Message message) {
        message.removeProperty(Message.HDR_DUPLICATE_DETECTION_ID);
        return message;
    }
}
