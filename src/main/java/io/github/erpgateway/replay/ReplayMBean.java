package io.github.erpgateway.replay;

import java.util.Map;

/** The replay as a JMX operation, for Hawtio (admin only through Jolokia: an unlisted operation). */
public interface ReplayMBean {

    /**
     * @param queue    erp.dlq, erp.parked or erp.unrouted
     * @param count    at most this many messages; 0 for all
     * @param selector a JMS selector the messages must match as well; empty for all
     * @return the summary, as {@code POST /actuator/replay} answers it
     */
    Map<String, Object> replay(String queue, int count, String selector);
}
