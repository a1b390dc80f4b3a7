package io.github.erpgateway.bench;

/**
 * The server under test failed (died, or stopped answering after running out of memory): a finding about the
 * server, not a fault of the harness. The figures measured until then are kept and reported; exit status 3.
 */
final class ServerFailure extends RuntimeException {

    ServerFailure(String message) {
        super(message);
    }
}
