package io.github.erpgateway.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.erpgateway.support.ExternalArtemis;
import io.github.erpgateway.support.GatewayProcess;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One external broker (the shipped fragment applied) killed with SIGKILL while a gateway in its own JVM takes webhooks,
 * then started again on its journal: nothing acknowledged is lost or stored twice, the outage is 503 within a bound,
 * readiness goes DOWN and UP again, and the same gateway process serves again without a restart.
 */
class ExternalBrokerRestartIT {

    private static final int SENDERS = 8;

    /** Kept when the test fails: the broker's and the gateway's logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /**
     * The plain URL (the caching factory opens a new connection after the failure) and one whose client reconnects by
     * itself forever, where each send's queue lookup waits for the reconnection.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "?reconnectAttempts=-1&retryInterval=250"})
    @Timeout(120)
    void everyAcknowledgedWebhookSurvivesABrokerKillAndRestart(String urlOptions) throws Exception {
        Vendor vendor = new Vendor();
        Readiness readiness;
        try (ExternalArtemis broker = ExternalArtemis.single(dir, GatewayProcess.freePort()).start();
                GatewayProcess gateway = GatewayProcess.start("single", broker.url() + urlOptions, dir)) {
            gateway.awaitReady(Duration.ofSeconds(60));
            long pid = gateway.pid();
            readiness = Readiness.watch(gateway);

            AtomicBoolean running = new AtomicBoolean(true);
            // several at once, as a dispatcher does: connection attempts to a dead broker must not queue up behind each other
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                Thread sender = new Thread(() -> sendUntilStopped(vendor, gateway, running));
                sender.start();
                senders.add(sender);
            }
            awaitAcknowledged(vendor, 30);

            broker.kill();
            long killedAt = System.nanoTime();
            readiness.awaitDown(Duration.ofSeconds(20));
            // the gateway keeps answering while the broker is gone: 503, never a hang
            int before503 = vendor.count(503);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (vendor.count(503) < before503 + 2 * SENDERS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }

            broker.start(); // on its journal
            int acknowledgedAtRestart = vendor.acknowledged.size();
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (vendor.acknowledged.size() < acknowledgedAtRestart + 20 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long servingAgainMillis = (System.nanoTime() - killedAt) / 1_000_000;
            readiness.awaitUp(Duration.ofSeconds(30));
            running.set(false);
            for (Thread sender : senders) {
                sender.join();
            }
            readiness.stop();

            assertThat(vendor.acknowledged.size()).as("202s after the restart").isGreaterThanOrEqualTo(acknowledgedAtRestart + 20);
            assertThat(gateway.alive()).isTrue();
            assertThat(gateway.pid()).isEqualTo(pid);
            System.out.printf("single broker" + urlOptions + ": %d x 202, %d x 503, slowest reply %d ms, serving again %d ms after the kill%n",
                    vendor.count(202), vendor.count(503), vendor.slowestMillis.get(), servingAgainMillis);
            System.out.println("refusals: " + vendor.refusals + "; readiness " + readiness.history());

            List<String> stored = Vendor.drain(broker.url());
            assertThat(vendor.unexpected).as("replies other than 202 and 503").isEmpty();
            assertThat(vendor.count(503)).as("503 while the broker was down").isPositive();
            // one broker lost: each webhook waits at most one send-timeout step (5 s) for the connection that fails,
            // well inside the reply bound; a wait on the Artemis factory's monitor behind the jms health probe took 15 s
            assertThat(vendor.slowestMillis.get()).as("slowest reply").isLessThan(10_000);
            assertThat(stored).as("stored once each").doesNotHaveDuplicates();
            assertThat(stored).as("every 202 stored").containsAll(vendor.acknowledged.keySet());
            assertThat(readiness.history()).as("readiness").containsSubsequence(true, false, true);
        }
    }

    /** Unique webhooks, each retried until it gets a 202, as the vendor's dispatcher does (without its backoff). */
    private static void sendUntilStopped(Vendor vendor, GatewayProcess gateway, AtomicBoolean running) {
        try {
            while (running.get()) {
                String id = UUID.randomUUID().toString();
                while (vendor.post(gateway, id) != 202) {
                    Thread.sleep(100);
                    if (!running.get()) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitAcknowledged(Vendor vendor, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (vendor.acknowledged.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(vendor.acknowledged).hasSizeGreaterThanOrEqualTo(count);
    }
}
