package io.github.erpgateway.reply;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The message of the innermost cause of the failure an {@code onException} block handles, for log lines: Spring's JMS
 * wrapper says only "Uncategorized exception occurred during JMS processing", the broker's own cause says what
 * happened (e.g. {@code AMQ229102: Address "erp.visma-net.supplier" is full}).
 */
@Component("failureCause")
public class FailureCause {

    public String message(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        if (failure == null) {
            return "-";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        // the broker's message can quote an address, i.e. an entity name from the payload: escaped for the log line
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : LogText.escape(message);
    }
}
