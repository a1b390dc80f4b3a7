package io.github.erpgateway.ha;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.github.erpgateway.support.ExternalArtemis;
import io.github.erpgateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production topology of docs/production.md: a replicated Artemis primary/backup pair (the shipped fragment and
 * broker plugin on both) and two gateway instances on a failover URL, with their enrichment consumers fetching from a
 * vendor on loopback. Unique webhooks, each delivered to both gateways (a redelivery reaching the other instance), and
 * a replay of dead-lettered enrichments running while the primary is killed with SIGKILL: every 202 is stored on the
 * backup, no event twice, 503 while failing over, readiness DOWN then UP on both gateways without a restart, and every
 * event enriched exactly once on erp.enriched.*.
 */
class ReplicatedPairFailoverIT {

    private static final int SENDERS = 4;

    /** Events whose enrichment fails (the vendor answers 400: dead-lettered at once) before the kill, replayed across it. */
    private static final int DEAD_LETTERED = 20;

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("test-admin:admin-password".getBytes(StandardCharsets.UTF_8));

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Kept when the test fails: the brokers' and gateways' logs (and thread dumps of slow replies) are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    @Timeout(180)
    void nothingAcknowledgedIsLostOrDuplicatedWhenThePrimaryIsKilled() throws Exception {
        ExternalArtemis[] pair = ExternalArtemis.replicatedPair(dir, GatewayProcess.freePort(), GatewayProcess.freePort());
        ExternalArtemis primary = pair[0];
        ExternalArtemis backup = pair[1];
        // docs/production.md: ha=true, the client learns the backup from the primary and fails over to it; a bounded
        // number of reconnection attempts, so that after losing the whole pair it starts again from the URL's list
        String failoverUrl = "(" + primary.url() + "," + backup.url() + ")?ha=true&reconnectAttempts=20&retryInterval=250&callTimeout=5000";
        Vendor vendor = new Vendor();
        WireMockServer api = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        api.stubFor(post("/connect/token").willReturn(okJson("{\"access_token\":\"t\",\"expires_in\":3600}")));
        api.stubFor(get(urlMatching("/v1/customer/.*")).willReturn(okJson("{\"number\":\"from-the-vendor\"}")));
        StubMapping refused = api.stubFor(get(urlMatching("/v1/customer/dlq-.*")).atPriority(1).willReturn(aResponse().withStatus(400)));
        String[] enrichment = {
            "--gateway.enrichment.visma-net.api-base=" + api.baseUrl(),
            "--gateway.enrichment.visma-net.token-url=" + api.baseUrl() + "/connect/token",
            "--gateway.enrichment.visma-net.client-id=ha-client",
            "--gateway.enrichment.retry.initial-delay=200ms",
            "--gateway.enrichment.retry.max-delay=1s",
            "--gateway.management.jaas-config=src/test/resources/hawtio-login/hawtio-jaas.conf"};
        try (primary; backup) {
            primary.start();
            backup.start();
            try (GatewayProcess first = GatewayProcess.start("first", failoverUrl, dir, enrichment);
                    GatewayProcess second = GatewayProcess.start("second", failoverUrl, dir, enrichment)) {
                first.awaitReady(Duration.ofSeconds(60));
                second.awaitReady(Duration.ofSeconds(60));

                // dead-lettered by the enrichment consumers (the vendor refuses them), to be replayed across the kill
                Set<String> deadLettered = new HashSet<>();
                for (int i = 0; i < DEAD_LETTERED; i++) {
                    String id = "dlq-" + UUID.randomUUID();
                    assertThat(vendor.post(i % 2 == 0 ? first : second, id)).isEqualTo(202);
                    deadLettered.add(id);
                }
                awaitCount(primary.url(), "erp.dlq", "stage = 'enrichment'", DEAD_LETTERED);
                api.removeStub(refused);

                Readiness firstReadiness = Readiness.watch(first);
                Readiness secondReadiness = Readiness.watch(second);
                AtomicBoolean running = new AtomicBoolean(true);
                List<Thread> senders = new ArrayList<>();
                for (int i = 0; i < SENDERS; i++) {
                    GatewayProcess a = i % 2 == 0 ? first : second;
                    GatewayProcess b = a == first ? second : first;
                    Thread sender = new Thread(() -> deliverTwice(vendor, a, b, running));
                    sender.start();
                    senders.add(sender);
                }
                awaitAcknowledged(vendor, 40, Duration.ofSeconds(30));

                // a replay in small batches, from before the kill until all are moved: some batches meet the failover
                AtomicInteger moved = new AtomicInteger();
                List<Integer> replayStatuses = new ArrayList<>();
                Thread replay = new Thread(() -> replayUntilMoved(first, moved, replayStatuses));
                replay.start();
                Thread.sleep(300);

                primary.kill();
                long killedAt = System.nanoTime();
                backup.awaitActive(Duration.ofSeconds(30));
                long backupActiveMillis = (System.nanoTime() - killedAt) / 1_000_000;
                int acknowledgedAtKill = vendor.acknowledged.size();
                awaitAcknowledged(vendor, acknowledgedAtKill + 40, Duration.ofSeconds(40));
                firstReadiness.awaitUp(Duration.ofSeconds(40));
                secondReadiness.awaitUp(Duration.ofSeconds(40));
                replay.join(60_000);
                running.set(false);
                for (Thread sender : senders) {
                    sender.join();
                }
                firstReadiness.stop();
                secondReadiness.stop();

                long firstBack = vendor.first202(first, killedAt);
                long secondBack = vendor.first202(second, killedAt);
                System.out.printf("replicated pair: backup active %d ms after the kill; first 202 after the kill: gateway 1 %d ms,"
                                + " gateway 2 %d ms; %d x 503 after the kill (%d x 503, %d x 202 in all), slowest reply %d ms;"
                                + " readiness %s / %s, DOWN for %d / %d ms; replay statuses %s%n",
                        backupActiveMillis, (firstBack - killedAt) / 1_000_000, (secondBack - killedAt) / 1_000_000,
                        vendor.countSince(503, killedAt), vendor.count(503), vendor.count(202), vendor.slowestMillis.get(),
                        firstReadiness, secondReadiness, downMillis(firstReadiness, killedAt),
                        downMillis(secondReadiness, killedAt), replayStatuses);
                System.out.println("refusals: " + vendor.refusals);

                assertThat(first.alive()).isTrue();
                assertThat(second.alive()).isTrue();
                assertThat(firstBack).as("gateway 1 serves again").isPositive();
                assertThat(secondBack).as("gateway 2 serves again").isPositive();
                assertThat(vendor.unexpected).as("replies other than 202 and 503").isEmpty();
                assertThat(vendor.slowestMillis.get()).as("slowest reply").isLessThan(Vendor.REPLY_BOUND.plus(Vendor.SLACK).toMillis());
                for (Readiness readiness : List.of(firstReadiness, secondReadiness)) {
                    assertThat(readiness.turned(false, killedAt)).as("readiness DOWN during the failover " + readiness.history()).isPositive();
                    assertThat(readiness.history()).as("readiness UP again").endsWith(true);
                }
                assertThat(moved.get()).as("dead-lettered enrichments replayed").isEqualTo(DEAD_LETTERED);
                assertThat(replayStatuses).as("replay answers: 200, or 503 while the broker fails over").isSubsetOf(200, 503);

                List<String> stored = Vendor.drain(backup.url());
                assertThat(new HashSet<>(stored)).as("distinct ce_id").hasSize(stored.size());
                assertThat(stored).as("every 202 stored on the backup").containsAll(vendor.acknowledged.keySet());

                // every stored event enriched once: the consumers' transactions and the replay crossed the failover
                Set<String> expected = new HashSet<>(stored);
                List<String> enriched = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!new HashSet<>(enriched).containsAll(expected) && System.nanoTime() < deadline) {
                    enriched.addAll(Vendor.drain(backup.url(), Vendor.ENRICHED, 1000));
                }
                enriched.addAll(Vendor.drain(backup.url(), Vendor.ENRICHED, 3000)); // a late second copy
                assertThat(expected).as("stored includes the replayed ones").containsAll(deadLettered);
                assertThat(new HashSet<>(enriched)).as("every stored event enriched").isEqualTo(expected);
                assertThat(enriched).as("enriched once each").doesNotHaveDuplicates();
                assertThat(Vendor.count(backup.url(), "erp.dlq", null)).as("nothing left dead-lettered").isZero();
            }
        } finally {
            api.stop();
        }
    }

    /** POST /actuator/replay two at a time until all dead-lettered events are moved; 503 (broker lost) is retried. */
    private static void replayUntilMoved(GatewayProcess gateway, AtomicInteger moved, List<Integer> statuses) {
        Pattern movedField = Pattern.compile("\"moved\":(\\d+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            while (moved.get() < DEAD_LETTERED && System.nanoTime() < deadline) {
                int status;
                var dump = Vendor.dumpIfSlow(gateway, "replay");
                try {
                    HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.managementUrl("/actuator/replay")))
                            .timeout(Vendor.HANG)
                            .header("Content-Type", "application/json").header("Authorization", ADMIN)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"queue\":\"erp.dlq\",\"count\":2,\"selector\":\"stage = 'enrichment'\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    status = reply.statusCode();
                    Matcher matcher = movedField.matcher(reply.body());
                    if (matcher.find()) {
                        moved.addAndGet(Integer.parseInt(matcher.group(1)));
                    }
                } catch (java.io.IOException e) {
                    status = 0;
                } finally {
                    dump.cancel(false);
                }
                synchronized (statuses) {
                    statuses.add(status);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long downMillis(Readiness readiness, long since) {
        long down = readiness.turned(false, since);
        long up = readiness.turned(true, since);
        return down < 0 || up < down ? -1 : (up - down) / 1_000_000;
    }

    /**
     * Each webhook goes to both gateways, as a dispatcher's redelivery may reach the other instance behind the load
     * balancer: first to {@code a} until a 202, with every retry after a 503 going to the other instance (round robin),
     * then once more to {@code b}, which must answer 202 without storing it again.
     */
    private static void deliverTwice(Vendor vendor, GatewayProcess a, GatewayProcess b, AtomicBoolean running) {
        try {
            while (running.get()) {
                String id = UUID.randomUUID().toString();
                GatewayProcess next = a;
                while (vendor.post(next, id) != 202 && running.get()) {
                    next = next == a ? b : a;
                    Thread.sleep(100);
                }
                vendor.post(b, id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitCount(String brokerUrl, String queue, String selector, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Vendor.count(brokerUrl, queue, selector) < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(Vendor.count(brokerUrl, queue, selector)).as(queue + " " + selector).isEqualTo(count);
    }

    private static void awaitAcknowledged(Vendor vendor, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (vendor.acknowledged.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(vendor.acknowledged).hasSizeGreaterThanOrEqualTo(count);
    }
}
