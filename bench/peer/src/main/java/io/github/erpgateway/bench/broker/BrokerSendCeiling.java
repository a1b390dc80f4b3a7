package io.github.erpgateway.bench.broker;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * What the embedded broker alone can store on this machine: no HTTP, no signature, no mapping, only persistent
 * in-VM JMS sends of messages shaped like the gateway's (a CloudEvent body of {@code --bytes}, the SPEC's properties,
 * {@code _AMQ_DUPL_ID}) to a broker configured like the gateway's (NIO journal unless {@code --journal MAPPED|ASYNCIO}, paging past 32 MiB in 2 MiB pages,
 * persisted duplicate-id cache of 20 000 per address). Any webhook path built on this broker does at most this.
 * Every message id is unique in a run (a random per-run prefix and one sequence over warm-up and measurement): a
 * repeated {@code _AMQ_DUPL_ID} is dropped by the broker after a cheap lookup, and would count as a store it never
 * made. Sends the queues did not take (duplicates, failures) are counted and make the exit status 2.
 *
 * <pre>java -cp bench/peer/target/bench-peer.jar -Dloader.main=io.github.erpgateway.bench.broker.BrokerSendCeiling \
 *   org.springframework.boot.loader.launch.PropertiesLauncher --threads 64 --seconds 30</pre>
 * (bench/broker-ceiling.sh runs exactly that.)
 */
public final class BrokerSendCeiling {

    private static final String[] QUEUES = {
        "erp.visma-net.customer", "erp.visma-net.supplier", "erp.business-nxt.order-line", "erp.venio.customer"};

    /** Per run, so that no id of this run can equal one of an earlier run either (the journal is fresh anyway). */
    private static final String ID_PREFIX = UUID.randomUUID().toString().substring(0, 24);
    /** One sequence for warm-up and measurement: the measured sends must not repeat a warm-up id. */
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Every confirmed send and every failed one of the whole run, warm-up included, to compare with the queues. */
    private static final AtomicLong confirmedTotal = new AtomicLong();
    private static final AtomicLong failedTotal = new AtomicLong();
    private static int exitStatus = 1;

    private BrokerSendCeiling() {
    }

    public static void main(String[] args) throws Exception {
        // Before Artemis touches SLF4J: this is not a Spring app, and logback's default configuration logs every
        // message at DEBUG (audit lines, packet dumps), which would make this a measurement of the console.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "broker-ceiling-logback.xml");
        }
        Options options = Options.parse(args);
        Path dataDir = Files.createTempDirectory(Path.of(options.dataParent), "broker-ceiling-");
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(configuration(dataDir, options));
        broker.start();
        try {
            // a CompletionListener is only called on the broker's confirmation with a confirmation window; without
            // one the client calls it right after the send and logs AMQ212053 (what --async measured before)
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(
                    options.async ? "vm://0?confirmationWindowSize=65536" : "vm://0");
            try (Connection connection = factory.createConnection()) {
                connection.start();
                if (options.consume) {
                    consumeEverything(connection);
                }
                String body = body(options.bytes);
                if (options.warmupSeconds > 0) {
                    run(connection, options, body, options.warmupSeconds);
                }
                Result result = run(connection, options, body, options.seconds);
                System.out.println(result.describe(options));
                System.out.println(heapAfterCollection(options));
                long notStored = confirmedTotal.get() - messagesAdded(broker);
                System.out.printf(Locale.ROOT, "errors: %d (sends not confirmed %d, confirmed but not stored %d: duplicates"
                        + " rejected, AMQ222059)%n", failedTotal.get() + notStored, failedTotal.get(), notStored);
                exitStatus = failedTotal.get() + notStored == 0 ? 0 : 2;
            }
        } finally {
            broker.stop();
            deleteRecursively(dataDir);
        }
        System.exit(exitStatus);
    }

    /**
     * Messages the queues took, paged ones included: a send the broker confirmed but dropped as a duplicate (it only
     * logs AMQ222059 for a non-transactional send) is missing here.
     */
    private static long messagesAdded(EmbeddedActiveMQ broker) {
        long added = 0;
        for (String name : QUEUES) {
            Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(name));
            added += queue == null ? 0 : queue.getMessagesAdded();
        }
        return added;
    }

    private static ConfigurationImpl configuration(Path dataDir, Options options) throws Exception {
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setPersistenceEnabled(true);
        configuration.setSecurityEnabled(false);
        configuration.setJMXManagementEnabled(false);
        configuration.setJournalType(options.journalType);
        configuration.setJournalDirectory(dataDir.resolve("journal").toString());
        configuration.setBindingsDirectory(dataDir.resolve("bindings").toString());
        configuration.setPagingDirectory(dataDir.resolve("paging").toString());
        configuration.setLargeMessagesDirectory(dataDir.resolve("largemessages").toString());
        configuration.addAcceptorConfiguration(new TransportConfiguration(InVMAcceptorFactory.class.getName()));
        configuration.setGlobalMaxSize(32L << 20);
        configuration.setIDCacheSize(20_000);
        configuration.setPersistIDCache(true);
        configuration.addAddressSetting("#", new AddressSettings()
                .setPageSizeBytes(2 << 20).setAutoCreateQueues(true).setAutoCreateAddresses(true));
        return configuration;
    }

    /** Competing consumers that acknowledge at once, as production consumers would keep the queues short. */
    private static void consumeEverything(Connection connection) throws JMSException {
        for (String queue : QUEUES) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue(queue)).setMessageListener(message -> { });
        }
    }

    private static Result run(Connection connection, Options options, String body, int seconds) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicLong confirmed = new AtomicLong();
        AtomicLong sequence = SEQUENCE;
        CountDownLatch done = new CountDownLatch(options.threads);
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < options.threads; i++) {
            Thread sender = new Thread(() -> {
                try {
                    send(connection, options, body, end, sequence, confirmed);
                } catch (Exception e) {
                    System.err.println("send failed: " + e);
                } finally {
                    done.countDown();
                }
            }, "sender-" + i);
            senders.add(sender);
            sender.start();
        }
        done.await();
        long elapsed = System.nanoTime() - start;
        return new Result(confirmed.get(), elapsed, os.getProcessCpuTime() - cpuStart);
    }

    private static void send(Connection connection, Options options, String body, long end, AtomicLong sequence,
                             AtomicLong confirmed) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(null);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            Destination[] queues = new Destination[QUEUES.length];
            for (int i = 0; i < QUEUES.length; i++) {
                queues[i] = session.createQueue(QUEUES[i]);
            }
            Semaphore window = new Semaphore(options.window);
            CompletionListener listener = new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    confirmed.incrementAndGet();
                    confirmedTotal.incrementAndGet();
                    window.release();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    System.err.println("send not confirmed: " + exception);
                    failedTotal.incrementAndGet();
                    window.release();
                }
            };
            while (System.nanoTime() < end) {
                long n = sequence.incrementAndGet();
                TextMessage message = message(session, body, n, options.duplicateDetection);
                Destination queue = queues[(int) (n % queues.length)];
                if (options.async) {
                    window.acquire();
                    producer.send(queue, message, listener);
                } else {
                    try {
                        producer.send(queue, message);
                    } catch (JMSException e) {
                        failedTotal.incrementAndGet();
                        throw e;
                    }
                    confirmed.incrementAndGet();
                    confirmedTotal.incrementAndGet();
                }
            }
            // the run ends when every send of this thread is confirmed
            window.acquire(options.window);
        }
    }

    private static TextMessage message(Session session, String body, long n, boolean duplicateDetection) throws JMSException {
        String id = ID_PREFIX + String.format(Locale.ROOT, "%012x", n);
        TextMessage message = session.createTextMessage(body);
        message.setStringProperty("ce_id", id);
        message.setStringProperty("ce_type", "com.visma.net.erp.customer.updated");
        message.setStringProperty("ce_source", "visma-net/erp/1234567");
        message.setStringProperty("ce_subject", "C" + (n % 1000));
        message.setStringProperty("ce_time", "2026-11-23T10:15:30.123Z");
        message.setStringProperty("tenant", "1234567");
        message.setStringProperty("entity", "customer");
        message.setStringProperty("action", "updated");
        message.setStringProperty("vwd_subscription_id", "b7e4a1c2-0000-4000-8000-000000000001");
        message.setStringProperty("JMSXGroupID", "visma-net|1234567|customer|C" + (n % 1000));
        if (duplicateDetection) {
            message.setStringProperty("_AMQ_DUPL_ID", id);
        }
        return message;
    }

    /** A CloudEvent-shaped JSON text of about {@code bytes} characters. */
    private static String body(int bytes) {
        StringBuilder json = new StringBuilder(bytes + 64).append("{\"specversion\":\"1.0\",\"id\":\"x\",\"data\":{");
        for (int field = 0; json.length() < bytes - 16; field++) {
            json.append("\"field").append(field).append("\":\"a typical value\",");
        }
        return json.append("\"end\":true}}").toString();
    }

    /** Heap in use once collected: with consumers on, what the broker keeps per message sent (its duplicate-id caches). */
    private static String heapAfterCollection(Options options) throws InterruptedException {
        Thread.sleep(2000); // let the consumers finish
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long used = runtime.totalMemory() - runtime.freeMemory();
        return String.format(Locale.ROOT, "heap in use after a full collection: %.1f MiB (consumers %s)", used / 1048576.0,
                options.consume ? "on: no message is held" : "off: the messages not paged are held");
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private record Result(long confirmed, long elapsedNanos, long cpuNanos) {
        String describe(Options options) {
            double seconds = elapsedNanos / 1e9;
            return String.format(Locale.ROOT,
                    "broker alone: %s journal, %s sends, %d %s, %d-byte bodies, duplicate id %s, consumers %s: %,.0f confirmed/s over %.0f s,"
                            + " CPU %.0f %% of one core, %.0f us CPU per message",
                    options.journalType, options.async ? "asynchronous (CompletionListener, window " + options.window + ")" : "blocking",
                    options.threads, options.threads == 1 ? "thread" : "threads", options.bytes,
                    options.duplicateDetection ? "on" : "off", options.consume ? "on" : "off",
                    confirmed / seconds, seconds, 100.0 * cpuNanos / elapsedNanos, cpuNanos / 1000.0 / Math.max(1, confirmed));
        }
    }

    private static final class Options {
        int threads = 64;
        int seconds = 30;
        int warmupSeconds = 15;
        int bytes = 1200;
        int window = 64;
        boolean async;
        boolean duplicateDetection = true;
        boolean consume;
        JournalType journalType = JournalType.NIO;
        String dataParent = System.getProperty("java.io.tmpdir");

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--threads" -> { options.threads = Integer.parseInt(value); i++; }
                    case "--seconds" -> { options.seconds = Integer.parseInt(value); i++; }
                    case "--warmup" -> { options.warmupSeconds = Integer.parseInt(value); i++; }
                    case "--bytes" -> { options.bytes = Integer.parseInt(value); i++; }
                    case "--window" -> { options.window = Integer.parseInt(value); i++; }
                    case "--data-dir" -> { options.dataParent = value; i++; }
                    case "--journal" -> { options.journalType = JournalType.valueOf(value.toUpperCase(Locale.ROOT)); i++; }
                    case "--async" -> options.async = true;
                    case "--no-duplicate-id" -> options.duplicateDetection = false;
                    case "--consume" -> options.consume = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see bench/README.md)");
                }
            }
            return options;
        }
    }
}
