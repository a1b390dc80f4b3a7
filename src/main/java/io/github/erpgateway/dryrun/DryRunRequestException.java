package io.github.erpgateway.dryrun;

/** A dry run the gateway refuses before running anything; the text is the gateway's own, so the answer may quote it. */
public class DryRunRequestException extends RuntimeException {

    private final int status;

    DryRunRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    /**
     * 400 for a request that is not a dry run of a configured source, 413 for a payload past gateway.max-body-bytes,
     * 503 while the source's route file is being reloaded.
     */
    public int status() {
        return status;
    }
}
