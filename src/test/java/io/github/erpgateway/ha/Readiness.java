package io.github.erpgateway.ha;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.erpgateway.support.GatewayProcess;

/**
 * Polls a gateway's /actuator/health/readiness every 100 ms, as a load balancer would, and keeps each change. Two
 * pollers, staggered: a probe in flight when the broker is lost may wait for the failover, the other one still looks.
 */
final class Readiness {

    private final GatewayProcess gateway;
    private final List<Boolean> changes = new ArrayList<>();
    private final List<Long> changedAt = new ArrayList<>();
    private volatile boolean running = true;
    /** The slowest readiness answer: a probe slower than a short DOWN would miss it. */
    long slowestPollMillis;
    private final List<Thread> pollers = new ArrayList<>();

    private Readiness(GatewayProcess gateway) {
        this.gateway = gateway;
        for (int i = 0; i < 2; i++) {
            Thread poller = new Thread(this::poll, "readiness-" + gateway.pid() + "-" + i);
            poller.setDaemon(true);
            pollers.add(poller);
        }
    }

    static Readiness watch(GatewayProcess gateway) throws InterruptedException {
        Readiness readiness = new Readiness(gateway);
        for (Thread poller : readiness.pollers) {
            poller.start();
            Thread.sleep(50);
        }
        return readiness;
    }

    private void poll() {
        while (running) {
            long started = System.nanoTime();
            boolean ready = gateway.ready();
            if (!running) {
                return; // stop() interrupted the request: no answer, not a DOWN
            }
            synchronized (changes) {
                slowestPollMillis = Math.max(slowestPollMillis, (System.nanoTime() - started) / 1_000_000);
                if (changes.isEmpty() || changes.get(changes.size() - 1) != ready) {
                    changes.add(ready);
                    changedAt.add(System.nanoTime());
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Each state readiness was seen in, in order, repeats folded: true is UP. */
    List<Boolean> history() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    @Override
    public String toString() {
        return history() + " (slowest probe " + slowestPollMillis + " ms)";
    }

    /** System.nanoTime() when readiness last turned to {@code state} after {@code since}, or -1. */
    long turned(boolean state, long since) {
        synchronized (changes) {
            for (int i = changes.size() - 1; i >= 0; i--) {
                if (changes.get(i) == state && changedAt.get(i) >= since) {
                    return changedAt.get(i);
                }
            }
            return -1;
        }
    }

    void awaitDown(Duration timeout) throws InterruptedException {
        await(false, timeout);
    }

    void awaitUp(Duration timeout) throws InterruptedException {
        await(true, timeout);
    }

    private void await(boolean state, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Boolean> seen = history();
            if (!seen.isEmpty() && seen.get(seen.size() - 1) == state) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("readiness not " + (state ? "UP" : "DOWN") + " after " + timeout + ": " + history());
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread poller : pollers) {
            poller.interrupt();
            poller.join();
        }
    }
}
