package io.github.erpgateway.publish;

/**
 * A validly signed event the gateway will not store under its own name because a {@code gateway.limits} bound is
 * exceeded (a name too long, too many entity queues): it goes to {@code erp.unrouted} with this message as the
 * {@code reason}, and the sender gets 202 "unrouted" - never a 5xx, which would only make it retry.
 */
public class LimitExceededException extends RuntimeException {

    public LimitExceededException(String message) {
        super(message, null, false, false); // an expected outcome, not a fault: no stack trace
    }
}
