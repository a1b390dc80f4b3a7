package io.github.erpgateway.broker;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One thread that fires the alarms of BoundedSendConnectionFactory. Not an Executor bean: Spring Boot would then
 * skip its own task executor.
 */
@Component
class SendWatchdog implements DisposableBean {

    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "broker-send-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    SendWatchdog() {
        // one alarm per send, nearly all cancelled: do not keep them queued until their time
        executor.setRemoveOnCancelPolicy(true);
    }

    Future<?> schedule(Duration delay, Runnable alarm) {
        return executor.schedule(alarm, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
