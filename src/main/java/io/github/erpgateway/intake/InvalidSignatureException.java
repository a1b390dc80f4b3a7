package io.github.erpgateway.intake;

/** A webhook whose signature or token is missing or wrong; replied with 401. */
public class InvalidSignatureException extends RuntimeException {

    public InvalidSignatureException(String message) {
        super(message, null, false, false); // no stack trace: this is an expected outcome, not a fault
    }
}
