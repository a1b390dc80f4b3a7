package io.github.erpgateway.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.erpgateway.support.ExternalArtemis;
import io.github.erpgateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production topology of docs/production.md: a replicated Artemis primary/backup pair (the shipped fragment on
 * both) and two gateway instances on a failover URL. Unique webhooks, each delivered to both gateways (a redelivery
 * reaching the other instance), while the primary is killed with SIGKILL: every 202 is stored on the backup, no event
 * twice, 503 while failing over, both gateways serve again without a restart and are ready.
 */
class ReplicatedPairFailoverTest {

    private static final int SENDERS = 4;

    /** Kept when the test fails: the brokers' and gateways' logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    @Timeout(120)
    void nothingAcknowledgedIsLostOrDuplicatedWhenThePrimaryIsKilled() throws Exception {
        ExternalArtemis[] pair = ExternalArtemis.replicatedPair(dir, GatewayProcess.freePort(), GatewayProcess.freePort());
        ExternalArtemis primary = pair[0];
        ExternalArtemis backup = pair[1];
        // docs/production.md: ha=true, the client learns the backup from the primary and fails over to it; a bounded
        // number of reconnection attempts, so that after losing the whole pair it starts again from the URL's list
        String failoverUrl = "(" + primary.url() + "," + backup.url() + ")?ha=true&reconnectAttempts=20&retryInterval=250";
        Vendor vendor = new Vendor();
        try (primary; backup) {
            primary.start();
            backup.start();
            try (GatewayProcess first = GatewayProcess.start("first", failoverUrl, dir);
                    GatewayProcess second = GatewayProcess.start("second", failoverUrl, dir)) {
                first.awaitReady(Duration.ofSeconds(60));
                second.awaitReady(Duration.ofSeconds(60));
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

                primary.kill();
                long killedAt = System.nanoTime();
                backup.awaitActive(Duration.ofSeconds(30));
                long backupActiveMillis = (System.nanoTime() - killedAt) / 1_000_000;
                int acknowledgedAtKill = vendor.acknowledged.size();
                awaitAcknowledged(vendor, acknowledgedAtKill + 40, Duration.ofSeconds(40));
                firstReadiness.awaitUp(Duration.ofSeconds(40));
                secondReadiness.awaitUp(Duration.ofSeconds(40));
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
                                + " readiness %s / %s%n",
                        backupActiveMillis, (firstBack - killedAt) / 1_000_000, (secondBack - killedAt) / 1_000_000,
                        vendor.countSince(503, killedAt), vendor.count(503), vendor.count(202), vendor.slowestMillis.get(),
                        firstReadiness.history(), secondReadiness.history());
                System.out.println("refusals: " + vendor.refusals);

                assertThat(first.alive()).isTrue();
                assertThat(second.alive()).isTrue();
                assertThat(firstBack).as("gateway 1 serves again").isPositive();
                assertThat(secondBack).as("gateway 2 serves again").isPositive();
                assertThat(vendor.unexpected).as("replies other than 202 and 503").isEmpty();
                assertThat(vendor.slowestMillis.get()).as("slowest reply").isLessThan(Vendor.REPLY_BOUND.plus(Vendor.SLACK).toMillis());

                List<String> stored = Vendor.drain(backup.url());
                assertThat(new HashSet<>(stored)).as("distinct ce_id").hasSize(stored.size());
                assertThat(stored).as("every 202 stored on the backup").containsAll(vendor.acknowledged.keySet());
            }
        }
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

    private static void awaitAcknowledged(Vendor vendor, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (vendor.acknowledged.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(vendor.acknowledged).hasSizeGreaterThanOrEqualTo(count);
    }
}
