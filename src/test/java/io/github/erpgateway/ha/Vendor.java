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

    static final String QUEUE = "erp.visma-net.account";

    /**
     * An answer later than this is a hang: the documented bound is three times send-timeout (connection, producer, send;
     * 15 s), plus slack for a 2-core machine that runs the rest of the suite beside (a full run once took over 10 s).
     */
    static final Duration HANG = Duration.ofSeconds(20);

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

    static byte[] body(String id) {
        return ("{\"event\":\"Account_Created\",\"notificationId\":\"" + id + "\",\"entityLocation\":\"api/v1/account/" + id
                + "\",\"TenantId\":\"ha-test\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Posts the webhook once; returns its status, 0 when there was no answer within {@link #HANG}. */
    int post(GatewayProcess gateway, String id) throws InterruptedException {
        byte[] body = body(id);
        long started = System.nanoTime();
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
        List<String> ids = new ArrayList<>();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
        try (Connection connection = factory.createConnection(ExternalArtemis.USER, ExternalArtemis.PASSWORD)) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE))) {
                Message message;
                while ((message = consumer.receive(2000)) != null) {
                    ids.add(message.getStringProperty("ce_id"));
                }
            }
        } finally {
            factory.close();
        }
        return ids;
    }
}
