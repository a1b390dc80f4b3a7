package io.github.erpgateway.replay;

/**
 * A side-queue message that cannot re-enter the pipeline as it is; the message stays where it is. The text is written
 * by the gateway (never a payload's or the broker's text), so the replay's reply may quote it.
 */
public class ReplayException extends RuntimeException {

    public ReplayException(String message) {
        super(message);
    }
}
