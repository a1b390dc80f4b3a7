package io.github.erpgateway.publish;

import java.util.Map;

import org.apache.activemq.artemis.protocol.amqp.converter.AMQPMessageSupport;
import org.apache.camel.Message;

/**
 * Makes a stored CloudEvent (JSON text) reach AMQP 1.0 consumers as the CloudEvents AMQP binding's structured mode:
 * content-type {@value #MEDIA_TYPE} and the JSON as one data section. Artemis converts the gateway's CORE text message
 * when it delivers it over AMQP and, without these two properties, sends the text as an amqp-value string with no
 * content type. The conversion reads both properties and leaves them out of the AMQP application properties; CORE and
 * JMS consumers see them as two more message properties (docs/canonical-event.md).
 */
public final class StructuredCloudEvent {

    /** The media type of a CloudEvent in the JSON event format. */
    public static final String MEDIA_TYPE = "application/cloudevents+json";

    /** Artemis' message property that becomes the AMQP content-type ({@code JMS_AMQP_ContentType}). */
    static final String CONTENT_TYPE = AMQPMessageSupport.JMS_AMQP_CONTENT_TYPE;

    /** Artemis' message property naming the AMQP body section a text becomes ({@code JMS_AMQP_ORIGINAL_ENCODING}). */
    static final String BODY_SECTION = AMQPMessageSupport.JMS_AMQP_ORIGINAL_ENCODING;

    /** A data section, the binding's "application data", holding the text's UTF-8 bytes (Artemis reads a short). */
    private static final Short DATA_SECTION = AMQPMessageSupport.AMQP_DATA;

    /** Both properties with their values, as any JMS producer would set them. */
    public static final Map<String, Object> PROPERTIES = Map.of(CONTENT_TYPE, MEDIA_TYPE, BODY_SECTION, DATA_SECTION);

    private StructuredCloudEvent() {
    }

    /** Sets both properties on a message whose body is a CloudEvent in the JSON format. */
    public static void mark(Message message) {
        message.setHeader(CONTENT_TYPE, MEDIA_TYPE);
        message.setHeader(BODY_SECTION, DATA_SECTION);
    }
}
