package io.github.erpgateway.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.github.erpgateway.intake.WebhookProperties;
import io.github.erpgateway.support.SourceEventsRoutes;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The `when` a dry run names is the one the running route's choice picks, found in the route's own processors. */
class MatchedWhenTest {

    @Test
    void theFirstWhenWhosePredicateHoldsIsNamedAndNoneForAnUnknownEvent() throws Exception {
        try (SourceEventsRoutes routes = new SourceEventsRoutes(Path.of("routes"), List.of("visma-net"))) {
            Route route = routes.camelContext().getRoute("visma-net-events");
            assertThat(DryRunner.matchedWhen(route, event(routes, "customerchanged"))).isEqualTo("visma-net-financial-changed");
            assertThat(DryRunner.matchedWhen(route, event(routes, "customerupdated"))).isEqualTo("visma-net-financial-entity");
            assertThat(DryRunner.matchedWhen(route, event(routes, "widgetexploded"))).isNull();
        }
    }

    private static Exchange event(SourceEventsRoutes routes, String eventKey) {
        Exchange exchange = new DefaultExchange(routes.camelContext());
        exchange.setProperty(WebhookProperties.SOURCE, "visma-net");
        exchange.setProperty(WebhookProperties.EVENT_KEY, eventKey);
        return exchange;
    }
}
