package io.github.erpgateway.replay;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code POST /actuator/replay} with {@code {"queue": "erp.dlq", "count": 10, "selector": "..."}}: replays side-queue
 * messages (docs/replay.md). Admin role only: the management port's login filter refuses everybody else.
 */
@Component
@WebEndpoint(id = "replay")
public class ReplayEndpoint {

    private final ReplayRunner runner;

    public ReplayEndpoint(ReplayRunner runner) {
        this.runner = runner;
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> replay(String queue, @Nullable Integer count,
            @Nullable String selector, SecurityContext security) {
        String who = security.getPrincipal() == null ? "anonymous (no login required)" : security.getPrincipal().getName();
        try {
            ReplaySummary summary = runner.replay(queue, count, selector, who);
            int status = summary.failed() == 0 ? 200 : summary.stoppedByBroker() ? 503 : 500;
            return new WebEndpointResponse<>(summary.toMap(), status);
        } catch (ReplayRequestException e) {
            return new WebEndpointResponse<>(Map.of("error", e.getMessage()), e.status());
        }
    }
}
