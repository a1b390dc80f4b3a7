package io.github.erpgateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendWatchdogTest {

    private final SendWatchdog watchdog = new SendWatchdog();

    @AfterEach
    void stop() {
        watchdog.destroy();
    }

    @Test
    void interruptsACallPastItsDeadlineAndClearsTheInterruptWhenItEnds() {
        long started = System.nanoTime();
        SendWatchdog.Call call = watchdog.start(TimeUnit.MILLISECONDS.toNanos(20));
        try {
            assertThatThrownBy(() -> Thread.sleep(10_000)).isInstanceOf(InterruptedException.class);
            assertThat(call.interrupted()).isTrue();
        } finally {
            call.close();
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(tookMillis).as("deadline 20 ms, one tick of " + SendWatchdog.TICK_MILLIS + " ms late at most, plus slack")
                .isLessThan(2_000);
        assertThat(Thread.currentThread().isInterrupted()).as("the worker's next task starts without the interrupt").isFalse();
        assertThat(watchdog.callsInProgress()).isZero();
    }

    @Test
    void leavesACallThatEndsInTimeAlone() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (SendWatchdog.Call call = watchdog.start(TimeUnit.SECONDS.toNanos(5))) {
                assertThat(call.interrupted()).isFalse();
            }
        }
        assertThat(watchdog.callsInProgress()).as("every call leaves the set when it ends").isZero();
        Thread.sleep(3 * SendWatchdog.TICK_MILLIS);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aCallClosedBeforeItsDeadlineIsNeverInterruptedLater() throws InterruptedException {
        SendWatchdog.Call call = watchdog.start(TimeUnit.MILLISECONDS.toNanos(1));
        call.close();
        Thread.sleep(3 * SendWatchdog.TICK_MILLIS);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(call.interrupted()).isFalse();
    }
}
