package io.github.erpgateway.mapping;

/** A mapping file could not be read, compiled or evaluated, or produced an unusable event. */
public class MappingException extends RuntimeException {

    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
