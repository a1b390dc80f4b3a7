package io.github.erpgateway.replay;

/** A replay request the gateway refuses before touching a queue: an unknown queue, a bad selector, a running replay. */
public class ReplayRequestException extends RuntimeException {

    private final int status;

    ReplayRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status for the actuator endpoint: 400 for bad input, 409 while another replay runs. */
    public int status() {
        return status;
    }
}
