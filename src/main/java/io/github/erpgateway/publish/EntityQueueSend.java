package io.github.erpgateway.publish;

import java.util.Map;

import io.github.erpgateway.broker.ConfirmedSender;
import io.github.erpgateway.intake.WebhookProperties;
import jakarta.jms.CompletionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

/**
 * Stores the CloudEvent on the queue CloudEventWriter chose ({@code exchangeProperty.queue}) as a persistent text
 * message with the message headers as JMS properties, like {@code to: jms:queue:...} did, but asynchronously: the
 * webhook worker is free as soon as the message is handed to the broker, and the route goes on (to the 202) only when
 * the broker confirmed it. A refusal or no confirmation within gateway.broker.send-timeout is a JMSException on the
 * exchange, which the route answers with 503 as before.
 */
@Component("entityQueueSend")
public class EntityQueueSend extends AsyncProcessorSupport {

    private static final String GROUP_ID = "JMSXGroupID";

    private final ConfirmedSender sender;

    public EntityQueueSend(ConfirmedSender sender) {
        this.sender = sender;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            sender.send(exchange.getProperty(WebhookProperties.QUEUE, String.class),
                    session -> message(session, exchange.getIn()), new CompletionListener() {
                        @Override
                        public void onCompletion(jakarta.jms.Message message) {
                            callback.done(false);
                        }

                        @Override
                        public void onException(jakarta.jms.Message message, Exception exception) {
                            exchange.setException(exception);
                            callback.done(false);
                        }
                    });
            return false;
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    /** The body as a text message; headers as properties, named as camel-jms names them. */
    static TextMessage message(Session session, Message in) throws JMSException {
        TextMessage message = session.createTextMessage(in.getBody(String.class));
        for (Map.Entry<String, Object> header : in.getHeaders().entrySet()) {
            String name = header.getKey();
            Object value = header.getValue();
            if (value == null || name.startsWith("Camel") || name.startsWith("JMS") && !GROUP_ID.equals(name)) {
                continue;
            }
            message.setObjectProperty(name.replace(".", "_DOT_").replace("-", "_HYPHEN_"), propertyValue(value));
        }
        return message;
    }

    private static Object propertyValue(Object value) {
        return value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof Double || value instanceof Float
                ? value : value.toString();
    }
}
