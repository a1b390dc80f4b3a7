package io.github.erpgateway.broker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Interrupts the broker calls of BoundedSendConnectionFactory that run past their deadline. One thread looks at the
 * calls in progress every {@link #TICK_MILLIS}; a call is one set entry from start to end. A timer per call (five per
 * webhook: connection, session, queue, producer, send) cost a lock and a heap insertion and removal each, on one queue
 * shared by every worker (about 2 % of a webhook's CPU in the profile). A deadline is noticed at most one tick late.
 */
@Component
class SendWatchdog implements DisposableBean {

    static final long TICK_MILLIS = 50;

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int INTERRUPTED = 2;

    private final Set<Call> inProgress = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService ticker = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "broker-send-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    SendWatchdog() {
        ticker.scheduleWithFixedDelay(() -> interruptOverdue(System.nanoTime()), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A call by the current thread that must end within {@code timeoutNanos}; close it when the call returns. */
    Call start(long timeoutNanos) {
        Call call = new Call(Thread.currentThread(), System.nanoTime() + timeoutNanos);
        inProgress.add(call);
        return call;
    }

    void interruptOverdue(long now) {
        for (Call call : inProgress) {
            if (now - call.deadline >= 0) {
                call.interrupt();
            }
        }
    }

    int callsInProgress() {
        return inProgress.size();
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
    }

    /** One broker call: its thread, its deadline, and whether the watchdog interrupted it. */
    final class Call implements AutoCloseable {

        private final Thread thread;
        private final long deadline;
        private int state = RUNNING;

        private Call(Thread thread, long deadline) {
            this.thread = thread;
            this.deadline = deadline;
        }

        /** Whether the watchdog interrupted this call (the call failed because of it). */
        synchronized boolean interrupted() {
            return state == INTERRUPTED;
        }

        private synchronized void interrupt() {
            if (state == RUNNING) {
                state = INTERRUPTED;
                thread.interrupt();
            }
        }

        /** Ends the call; an interrupt the watchdog sent is cleared, so the worker does not carry it into its next task. */
        @Override
        public void close() {
            inProgress.remove(this);
            synchronized (this) {
                if (state == INTERRUPTED) {
                    Thread.interrupted();
                }
                state = DONE;
            }
        }
    }
}
