package io.github.erpgateway.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.github.erpgateway.support.ExternalArtemis;
import io.github.erpgateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * gateway.reply.timeout is the bound on a webhook's answer whatever its route waits for. Here the route waits on a
 * broker frozen with SIGSTOP (sockets open, nothing answers) and a send-timeout far beyond the reply timeout, standing
 * in for the waits an interrupt does not end (the Artemis client's failover lock, Spring's connection monitor): the
 * webhook still gets 503 at the reply timeout, and once the broker is back its retry is stored once.
 */
class ReplyDeadlineIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    @Timeout(120)
    void aWebhookIsAnswered503AtTheReplyTimeoutWhileTheBrokerDoesNotAnswer() throws Exception {
        Vendor vendor = new Vendor();
        try (ExternalArtemis broker = ExternalArtemis.single(dir, GatewayProcess.freePort()).start();
                GatewayProcess gateway = GatewayProcess.start("deadline", broker.url(), dir,
                        "--gateway.broker.send-timeout=60s", "--gateway.reply.timeout=3s")) {
            gateway.awaitReady(Duration.ofSeconds(60));
            String id = UUID.randomUUID().toString();
            assertThat(vendor.post(gateway, UUID.randomUUID().toString())).isEqualTo(202);

            broker.pause();
            long started = System.nanoTime();
            int status = vendor.post(gateway, id);
            long millis = (System.nanoTime() - started) / 1_000_000;
            broker.resume();

            assertThat(status).as("answer while the broker does not answer").isEqualTo(503);
            assertThat(millis).as("answered at the reply timeout").isBetween(2_900L, 6_000L);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (vendor.post(gateway, id) != 202 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(vendor.acknowledged).containsKey(id);
            Thread.sleep(1000); // the first delivery's route, released by the broker, finishes too
            assertThat(Vendor.drain(broker.url())).filteredOn(id::equals).as("stored once").hasSize(1);
            String log = Files.readString(dir.resolve("gateway-deadline.log"));
            assertThat(log).as("a late answer of the route is dropped quietly").doesNotContain("\tat ");
            assertThat(vendor.unexpected).isEmpty();
        }
    }
}
