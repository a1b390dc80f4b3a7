package io.github.erpgateway.ha;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.erpgateway.support.GatewayProcess;

/** Polls a gateway's /actuator/health/readiness every 100 ms, as a load balancer would, and keeps each change. */
final class Readiness {

    private final GatewayProcess gateway;
    private final List<Boolean> changes = new ArrayList<>();
    private final List<Long> changedAt = new ArrayList<>();
    private volatile boolean running = true;
    private final Thread poller;

    private Readiness(GatewayProcess gateway) {
        this.gateway = gateway;
        this.poller = new Thread(this::poll, "readiness-" + gateway.pid());
        poller.setDaemon(true);
    }

    static Readiness watch(GatewayProcess gateway) {
        Readiness readiness = new Readiness(gateway);
        readiness.poller.start();
        return readiness;
    }

    private void poll() {
        while (running) {
            boolean ready = gateway.ready();
            if (!running) {
                return; // stop() interrupted the request: no answer, not a DOWN
            }
            synchronized (changes) {
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
        poller.interrupt();
        poller.join();
    }
}
