package io.github.erpgateway.lookup;

import java.util.Map;

/** The event lookup as a JMX operation, for Hawtio; every role may run it (management/JolokiaOperations). */
public interface EventLookupMBean {

    /**
     * @param id the CloudEvent id ({@code ce_id})
     * @return what {@code GET /actuator/events/{id}} answers, with {@code status} (200 found, 404 not found, else an
     *         error with {@code error})
     */
    Map<String, Object> find(String id);
}
