package io.github.erpgateway.reconcile;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code POST /actuator/reconcile} with optional {@code {"source": "visma-net" or "business-nxt", "tenant": …, "entity": …}}: runs the
 * reconciliation now and answers its summary (docs/reconciliation.md). Admin role only (management/ManagementPaths).
 * 409 when another run holds the broker's lock for longer than 30 s; 400 for a source, tenant or entity not configured.
 */
@Component
@WebEndpoint(id = "reconcile")
public class ReconcileEndpoint {

    private final Reconciler reconciler;

    public ReconcileEndpoint(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> reconcile(@Nullable String source, @Nullable String tenant,
            @Nullable String entity) {
        try {
            Map<String, Object> summary = reconciler.onDemand(source, tenant, entity);
            boolean ran = Boolean.TRUE.equals(summary.get("ran"));
            return new WebEndpointResponse<>(summary, ran ? 200 : 409);
        } catch (IllegalArgumentException e) {
            return new WebEndpointResponse<>(Map.of("error", e.getMessage()), 400);
        }
    }
}
