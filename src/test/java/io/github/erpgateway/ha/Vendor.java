package io.github.erpgateway.ha;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.erpgateway.support.ExternalArtemis;
import io.github.erpgateway.support.GatewayProcess;
import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The vendor's dispatcher during a broker outage: unique signed webhooks, each retried until a 202, every reply
 * recorded with how long it took; and a consumer that counts what the broker stored.
 */
final class Vendor {

    static final String QUEUE = "erp.visma-net.customer";

    /** Where the enrichment consumers publish the fetched customer records. */
    static final String ENRICHED = "erp.enriched.visma-net.customer";

    /** gateway.reply.timeout's default: every webhook is answered within it, plus {@link #SLACK} for the event loop. */
    static final Duration REPLY_BOUND = Duration.ofSeconds(15);

    static final Duration SLACK = Duration.ofSeconds(2);

    /** The vendor's own timeout: no answer within this is recorded as status 0. */
    static final Duration HANG = Duration.ofSeconds(20);

    /** A reply later than this (send-timeout plus slack) gets the gateway's threads dumped beside its log. */
    static final Duration SLOW = Duration.ofSeconds(7);

    private static final ScheduledExecutorService DUMPS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "slow-reply-dumps");
        thread.setDaemon(true);
        return thread;
    });

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Event ids some gateway answered 202 to. */
    final Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
    /** Status code (0: no answer within HANG) to how often. */
    final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong slowestMillis = new AtomicLong();
    /** Every reply: when it came (System.nanoTime()), from which gateway (its pid) and its status. */
    final List<long[]> replies = Collections.synchronizedList(new ArrayList<>());
    /** Every reply that was not a 202: status and milliseconds it took, for the report. */
    final List<String> refusals = Collections.synchronizedList(new ArrayList<>());

    /** A Visma.net customer_changed webhook: stored on {@link #QUEUE} and enriched from GET /v1/customer/{id}. */
    static byte[] body(String id) {
        return ("{\"NotificationId\":\"" + id + "\",\"contextId\":\"5123456\",\"event\":\"customer_changed\","
                + "\"action\":\"UPDATED\",\"resourceId\":\"" + id + "\",\"resourceUri\":\"https://api.finance.visma.net/v1/customer/"
                + id + "\",\"timeStamp\":638974335577900000,\"TenantId\":\"ha-test\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Posts the webhook once; returns its status, 0 when there was no answer within {@link #HANG}. */
    int post(GatewayProcess gateway, String id) throws InterruptedException {
        byte[] body = body(id);
        long started = System.nanoTime();
        ScheduledFuture<?> dump = dumpIfSlow(gateway, "webhook " + id);
        int status;
        String reply = "";
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.webhookUrl()))
                    .timeout(HANG)
                    .header("Content-Type", "application/json")
                    .header(GatewayTestSupport.SIGNATURE_HEADER, GatewayTestSupport.sign(GatewayProcess.SECRET, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            reply = response.body();
        } catch (IOException e) {
            status = 0;
            reply = e.toString();
        }
        dump.cancel(false);
        long millis = (System.nanoTime() - started) / 1_000_000;
        slowestMillis.accumulateAndGet(millis, Math::max);
        replies.add(new long[] {System.nanoTime(), gateway.pid(), status});
        if (status != 202) {
            refusals.add(status + " in " + millis + " ms");
        }
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (status == 202) {
            acknowledged.put(id, true);
        } else if (status != 503) {
            unexpected.add(status + " " + reply);
        }
        return status;
    }

    /** Dumps the gateway's threads unless cancelled within {@link #SLOW}: what a slow request waited for. */
    static ScheduledFuture<?> dumpIfSlow(GatewayProcess gateway, String what) {
        return DUMPS.schedule(() -> gateway.dumpThreads(what + " unanswered after " + SLOW), SLOW.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many replies had {@code status} after {@code since} (System.nanoTime()). */
    long countSince(int status, long since) {
        synchronized (replies) {
            return replies.stream().filter(r -> r[0] >= since && r[2] == status).count();
        }
    }

    /** When {@code gateway} first answered 202 after {@code since}, or -1. */
    long first202(GatewayProcess gateway, long since) {
        synchronized (replies) {
            return replies.stream().filter(r -> r[0] >= since && r[1] == gateway.pid() && r[2] == 202)
                    .mapToLong(r -> r[0]).min().orElse(-1);
        }
    }

    int count(int status) {
        AtomicInteger count = statuses.get(status);
        return count == null ? 0 : count.get();
    }

    /** Consumes every message of {@link #QUEUE} and returns their ce_id, in order, duplicates included. */
    static List<String> drain(String brokerUrl) throws Exception {
        return drain(brokerUrl, QUEUE, 2000);
    }

    /** Consumes every message of {@code queue} until none came for {@code quietMillis}; their ce_id, duplicates included. */
    static List<String> drain(String brokerUrl, String queue, long quietMillis) throws Exception {
        List<String> ids = new ArrayList<>();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
        try (Connection connection = factory.createConnection(ExternalArtemis.USER, ExternalArtemis.PASSWORD)) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
                Message message;
                while ((message = consumer.receive(quietMillis)) != null) {
                    ids.add(message.getStringProperty("ce_id"));
                }
            }
        } finally {
            factory.close();
        }
        return ids;
    }

    /** How many messages {@code queue} holds that match {@code selector}, browsed. */
    static int count(String brokerUrl, String queue, String selector) throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
        try (Connection connection = factory.createConnection(ExternalArtemis.USER, ExternalArtemis.PASSWORD)) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            int count = 0;
            var messages = session.createBrowser(session.createQueue(queue), selector).getEnumeration();
            while (messages.hasMoreElements()) {
                messages.nextElement();
                count++;
            }
            return count;
        } finally {
            factory.close();
        }
    }
}
