package io.github.erpgateway.intake;

import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The second half of a tenant-bound signature ({@code gateway.sources.<source>.tenants.<tenant>.secrets}). The
 * signature is checked over the raw bytes before anything parses them, so {@link SignatureVerifier} only remembers
 * which tenants the matching secret speaks for ({@link WebhookProperties#SIGNER_TENANTS}). This step runs once the
 * mapping has named the event's tenant ({@link WebhookProperties#TENANT}), before the duplicate check and the send
 * (route {@code publish-cloudevent}), and refuses an event of another tenant with {@link TenantNotSignedException}:
 * 401 as a bad signature. A source-wide secret sets nothing, so for it this step is one property lookup.
 *
 * <p>An event a tenant-bound secret signed that never reaches this step (not JSON, unrouted, its mapping failed) is
 * refused by route {@code refuse-unverified-tenant} before a side queue keeps it: a replay from a side queue is not
 * signed again, so it could publish the event as another tenant's.
 */
@Component("signerTenants")
public class SignerTenants implements Processor {

    @Override
    public void process(Exchange exchange) {
        check(exchange, exchange.getProperty(WebhookProperties.TENANT, String.class),
                exchange.getProperty(WebhookProperties.TENANT_FROM_HEADER) != null);
    }

    /**
     * Throws {@link TenantNotSignedException} unless the signature speaks for {@code tenant}: a tenant-bound signature
     * verifies neither another tenant, nor no tenant, nor a tenant taken from an unsigned header (the body it signed
     * did not name it).
     */
    public static void check(Exchange exchange, String tenant, boolean tenantFromHeader) {
        Set<?> tenants = exchange.getProperty(WebhookProperties.SIGNER_TENANTS, Set.class);
        if (tenants == null) {
            return;
        }
        if (tenant == null || tenantFromHeader || !tenants.contains(tenant)) {
            throw new TenantNotSignedException("signed with a secret of another tenant");
        }
    }
}
