package io.github.erpgateway.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 point 5: the token cache is bounded in size and in time, and no token is asked for a tenant that an
 * unsigned header named. Against a real token endpoint on loopback that counts what it is asked.
 */
class OAuthTokensTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile long expiresIn = 3600;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
    private final EnrichmentProperties properties = new EnrichmentProperties();

    @BeforeEach
    void tokenEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String tenant = form.replaceAll(".*tenant_id=([^&]*).*", "$1");
            requests.add(tenant);
            byte[] reply = ("{\"access_token\":\"token-" + tenant + "-" + requests.size() + "\",\"expires_in\":" + expiresIn + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        properties.getVismaNet().setTokenUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
        properties.getVismaNet().setClientId("client");
        properties.getVismaNet().setClientSecret("secret");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OAuthTokens tokens() {
        return new OAuthTokens(properties, new EnrichmentMetrics(new SimpleMeterRegistry()), clock);
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfTokensForgettingTheLeastRecentlyUsed() {
        properties.setTokenCacheSize(2);
        OAuthTokens tokens = tokens();

        String first = tokens.token("visma-net", "t1", false);
        tokens.token("visma-net", "t2", false);
        assertThat(tokens.token("visma-net", "t1", false)).isEqualTo(first); // cached, and now the most recent
        tokens.token("visma-net", "t3", false); // pushes out t2

        assertThat(tokens.size()).isEqualTo(2);
        assertThat(requests).containsExactly("t1", "t2", "t3");
        tokens.token("visma-net", "t1", false);
        tokens.token("visma-net", "t2", false);
        assertThat(requests).containsExactly("t1", "t2", "t3", "t2");
        assertThat(tokens.size()).isEqualTo(2);
    }

    @Test
    void dropsATokenOnceItExpires() {
        expiresIn = 120; // valid for 60 s with the default 60 s margin
        OAuthTokens tokens = tokens();

        String first = tokens.token("visma-net", "t1", false);
        clock.advance(Duration.ofSeconds(59));
        assertThat(tokens.token("visma-net", "t1", false)).isEqualTo(first);
        clock.advance(Duration.ofSeconds(2));

        assertThat(tokens.token("visma-net", "t1", false)).isNotEqualTo(first);
        assertThat(requests).hasSize(2);
    }

    @Test
    void cachesATokenNoLongerThanTheMaximumLifetimeWhateverTheEndpointGrants() {
        expiresIn = 10L * 365 * 24 * 3600;
        OAuthTokens tokens = tokens();

        String first = tokens.token("visma-net", "t1", false);
        clock.advance(OAuthTokens.MAX_LIFETIME);

        assertThat(tokens.token("visma-net", "t1", false)).isNotEqualTo(first);
    }

    @Test
    void neverAsksForATokenOfATenantTakenFromAnUnsignedHeader() {
        OAuthTokens tokens = tokens();

        assertThatThrownBy(() -> tokens.token("visma-net", "someone-else", true))
                .isInstanceOf(EnrichmentFailedException.class)
                .hasMessageContaining("unsigned x-vwd-tenant-id header");

        assertThat(requests).isEmpty();
        assertThat(tokens.size()).isZero();
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
