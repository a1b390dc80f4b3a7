package io.github.erpgateway.reconcile;

import java.util.Map;

/** The reconciliation as a JMX operation, for Hawtio (admin only through Jolokia: an unlisted operation). */
public interface ReconcileMBean {

    /**
     * @param source visma-net, or empty for it
     * @param tenant one configured tenant, or empty for all
     * @param entity one configured entity, or empty for all
     * @return the summary, as {@code POST /actuator/reconcile} answers it
     */
    Map<String, Object> reconcile(String source, String tenant, String entity);
}
