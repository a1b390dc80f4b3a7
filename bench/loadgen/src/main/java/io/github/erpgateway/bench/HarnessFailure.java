package io.github.erpgateway.bench;

/** The harness could not do its job (as opposed to a figure being poor): exit status 1. */
final class HarnessFailure extends RuntimeException {

    HarnessFailure(String message) {
        super(message);
    }
}
