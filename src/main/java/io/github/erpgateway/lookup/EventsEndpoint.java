package io.github.erpgateway.lookup;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/events/{id}}: where the event with that CloudEvent id is now (docs/operations.md). Any
 * logged-in role: it only browses.
 */
@Component
@WebEndpoint(id = "events")
public class EventsEndpoint {

    private final EventLookup lookup;

    public EventsEndpoint(EventLookup lookup) {
        this.lookup = lookup;
    }

    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> find(@Selector String id) {
        try {
            LookupResult result = lookup.find(id);
            return new WebEndpointResponse<>(result.toMap(), result.status());
        } catch (LookupRequestException e) {
            return new WebEndpointResponse<>(Map.of("error", e.getMessage()), e.status());
        }
    }
}
