package io.github.erpgateway.intake;

/**
 * A webhook verified only by secrets bound to other tenants than the one its event maps to (or to a tenant that an
 * unsigned header named): answered 401 as a bad signature, counted apart as {@code rejected-tenant}.
 */
public class TenantNotSignedException extends InvalidSignatureException {

    public TenantNotSignedException(String message) {
        super(message);
    }
}
