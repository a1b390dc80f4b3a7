package io.github.erpgateway.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

/** The placeholders the enrichment route files call get the URLs the beans default to, and a configured URL wins. */
class EnrichmentDefaultsTest {

    @Test
    void routePlaceholdersDefaultToTheBeansUrls() {
        StandardEnvironment environment = new StandardEnvironment();
        new EnrichmentProperties.Defaults().postProcessEnvironment(environment, null);
        EnrichmentProperties defaults = new EnrichmentProperties();

        assertThat(environment.getProperty("gateway.enrichment.visma-net.api-base")).isEqualTo(defaults.getVismaNet().getApiBase());
        assertThat(environment.getProperty("gateway.enrichment.business-nxt.graphql-url")).isEqualTo(defaults.getBusinessNxt().getGraphqlUrl());
        assertThat(environment.getProperty("gateway.enrichment.venio.api-base")).isEqualTo(defaults.getVenio().getApiBase());
    }

    @Test
    void aConfiguredUrlWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("configured",
                Map.of("gateway.enrichment.venio.api-base", "http://127.0.0.1:9")));
        new EnrichmentProperties.Defaults().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty("gateway.enrichment.venio.api-base")).isEqualTo("http://127.0.0.1:9");
    }
}
