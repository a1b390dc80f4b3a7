package io.github.erpgateway.broker;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import org.springframework.util.ClassUtils;

/**
 * The connection factory the routes send with: every synchronous send either returns (the broker confirmed the
 * persistent message) or fails with a JMSException within gateway.broker.send-timeout, which the routes answer with
 * 503.
 *
 * <p>Why: an Artemis CORE producer that runs out of credits (the broker withholds them while its disk is over
 * max-disk-usage or an address blocks) waits for them in a loop with no timeout, and the client's call timeout only
 * bounds the wait for the confirmation after that. Past the deadline a watchdog interrupts the sending thread, the one
 * thing that ends that wait; nothing has been sent then, or the late confirmation is discarded by its correlation id, so
 * the session stays usable. While the embedded broker reports its disk full, or a side queue is at its limit, sends
 * fail at once without waiting (BrokerAvailability).
 *
 * <p>Getting the connection is bounded too. While an external broker is unreachable, Spring's caching factory opens a
 * new connection for every send, one caller at a time, and each attempt takes the Artemis client's retry interval
 * (2 s by default): concurrent webhooks queued behind each other for far longer than the send timeout (a 8-sender
 * test waited past 10 s). Now a caller waits at most send-timeout for its turn, and for a moment after a failed
 * attempt the others fail at once instead of each trying again.
 */
class BoundedSendConnectionFactory extends ConnectionFactoryWrapper {

    /** Three proxies per send: look the interfaces of Spring's and Artemis' classes up once. */
    private static final Map<Class<?>, Class<?>[]> INTERFACES = new ConcurrentHashMap<>();


    private final Duration timeout;

    private final BrokerAvailability availability;

    private final SendWatchdog watchdog;

    /** How long after a failed connection attempt other callers fail at once instead of trying again. */
    static final long CONNECT_RETRY_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ReentrantLock connecting = new ReentrantLock();

    /** System.nanoTime() of the last failed connection attempt, 0 after a successful one. */
    private final AtomicLong connectFailedAt = new AtomicLong();

    BoundedSendConnectionFactory(ConnectionFactory target, Duration timeout, BrokerAvailability availability,
            SendWatchdog watchdog) {
        super(target);
        this.timeout = timeout;
        this.availability = availability;
        this.watchdog = watchdog;
    }

    @Override
    public Connection createConnection() throws JMSException {
        return wrap(connect(target::createConnection));
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return wrap(connect(() -> target.createConnection(userName, password)));
    }

    @FunctionalInterface
    private interface Connect {
        Connection open() throws JMSException;
    }

    /** The (usually cached) connection, or a JMSException within send-timeout, at once after a recent failure. */
    private Connection connect(Connect connect) throws JMSException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean turn;
        try {
            turn = connecting.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException("interrupted while waiting for a connection to the broker");
        }
        if (!turn) {
            throw new JMSException("no connection to the broker within " + timeout.toMillis() + " ms");
        }
        try {
            long failedAt = connectFailedAt.get();
            if (failedAt != 0 && System.nanoTime() - failedAt < CONNECT_RETRY_PAUSE_NANOS) {
                throw new JMSException("the broker was unreachable a moment ago");
            }
            try {
                // a new connection may reach a passive backup, which accepts TCP but never answers (30 s call
                // timeout): interrupted at the same deadline as the wait for the turn
                Connection connection = (Connection) bounded(connect::open, "the connection", false,
                        Math.max(1, deadline - System.nanoTime()));
                connectFailedAt.set(0);
                return connection;
            } catch (Throwable e) {
                connectFailedAt.set(System.nanoTime() | 1); // never 0
                if (e instanceof JMSException jms) {
                    throw jms;
                }
                if (e instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e instanceof Error error) {
                    throw error;
                }
                throw new JMSException(e.toString());
            }
        } finally {
            connecting.unlock();
        }
    }

    private Connection wrap(Connection connection) {
        return proxy(connection, (method, args) -> {
            Object result = "createSession".equals(method.getName())
                    ? bounded(connection, method, args, false) : invoke(connection, method, args);
            return result instanceof Session session ? wrap(session) : result;
        });
    }

    private Session wrap(Session session) {
        return proxy(session, (method, args) -> {
            // each send also asks the broker about its queue (createQueue) and may open a producer: during a failover
            // these wait for the reconnection, with reconnectAttempts=-1 forever while the whole pair is down
            Object result = BOUNDED_SESSION_CALLS.contains(method.getName())
                    ? bounded(session, method, args, false) : invoke(session, method, args);
            return result instanceof MessageProducer producer ? wrap(producer) : result;
        });
    }

    private static final Set<String> BOUNDED_SESSION_CALLS = Set.of("createQueue", "createProducer");

    private MessageProducer wrap(MessageProducer producer) {
        return proxy(producer, (method, args) -> {
            boolean boundedSend = "send".equals(method.getName())
                    && Arrays.stream(method.getParameterTypes()).noneMatch(CompletionListener.class::isAssignableFrom);
            return boundedSend ? send(producer, method, args) : invoke(producer, method, args);
        });
    }

    private Object send(MessageProducer producer, Method method, Object[] args) throws Throwable {
        String refusal = availability.refusal(queueName(producer, args));
        if (refusal != null) {
            throw new JMSException(refusal);
        }
        return bounded(producer, method, args, true);
    }

    /** Calls the broker, interrupting the call past send-timeout; a send that returned was confirmed. */
    private Object bounded(Object target, Method method, Object[] args, boolean send) throws Throwable {
        return bounded(() -> invoke(target, method, args), method.getName(), send, timeout.toNanos());
    }

    @FunctionalInterface
    private interface BrokerCall {
        Object call() throws Throwable;
    }

    private Object bounded(BrokerCall brokerCall, String what, boolean send, long timeoutNanos) throws Throwable {
        SendWatchdog.Call call = watchdog.start(timeoutNanos);
        try {
            Object result = brokerCall.call();
            if (send) {
                // returned normally, even if the watchdog fired just now: the broker confirmed it
                availability.confirmed();
            }
            return result;
        } catch (Throwable failure) {
            if (call.interrupted()) {
                availability.unconfirmed();
                throw new JMSException(send ? "the broker did not confirm the send within " + timeout.toMillis() + " ms"
                        : "the broker did not answer " + what + " within " + timeout.toMillis() + " ms");
            }
            throw failure;
        } finally {
            call.close();
        }
    }

    private static String queueName(MessageProducer producer, Object[] args) throws JMSException {
        Destination destination = args.length > 0 && args[0] instanceof Destination given ? given : producer.getDestination();
        return destination instanceof Queue queue ? queue.getQueueName() : null;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @FunctionalInterface
    private interface Call {
        Object invoke(Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(T target, Call call) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> method.invoke(target, args);
                };
            }
            return call.invoke(method, args);
        };
        return (T) Proxy.newProxyInstance(BoundedSendConnectionFactory.class.getClassLoader(),
                INTERFACES.computeIfAbsent(target.getClass(), ClassUtils::getAllInterfacesForClass), handler);
    }
}
