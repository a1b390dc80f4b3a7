package io.github.erpgateway.reconcile;

import java.util.Map;

import io.github.erpgateway.management.GatewayMBean;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * Registers the reconciliation as MBean {@code io.github.erpgateway:type=reconcile,context=<Camel management name>}
 * (operation {@code reconcile}), as every gateway MBean is (management/GatewayMBean).
 */
@Component
class ReconcileJmx extends GatewayMBean<ReconcileMBean> implements ReconcileMBean {

    private final Reconciler reconciler;

    ReconcileJmx(Reconciler reconciler, CamelContext camel) {
        super(camel, "reconcile", ReconcileMBean.class);
        this.reconciler = reconciler;
    }

    @Override
    public Map<String, Object> reconcile(String source, String tenant, String entity) {
        try {
            return reconciler.onDemand(blankToNull(source), blankToNull(tenant), blankToNull(entity));
        } catch (IllegalArgumentException e) {
            return Map.of("error", e.getMessage());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
