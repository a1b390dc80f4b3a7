package io.github.erpgateway.lookup;

/** A lookup the gateway refuses or cannot run; the text is the gateway's own, so the answer may quote it. */
public class LookupRequestException extends RuntimeException {

    private final int status;

    LookupRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status: 400 for an id that cannot be one, 429 while too many lookups run, 503 without a broker. */
    public int status() {
        return status;
    }
}
