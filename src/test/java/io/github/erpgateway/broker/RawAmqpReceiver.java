package io.github.erpgateway.broker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnknownDescribedType;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;

/**
 * A bare AMQP 1.0 receiver: Proton-J's protocol engine over a loopback socket, no JMS layer. Like rhea, AMQPNetLite or
 * python-qpid-proton it names no source capability and sees the message exactly as it came over the wire (sections,
 * header delivery-count); it settles only when told to.
 */
final class RawAmqpReceiver implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Receiver receiver;

    /** Attaches to {@code address} with an optional JMS selector (Artemis' {@code apache.org:selector-filter:string}). */
    RawAmqpReceiver(int port, String address, String selector) throws IOException {
        this(port, address, selector, null, null);
    }

    /** The same, logging in with SASL PLAIN when {@code user} is not null (else ANONYMOUS). */
    RawAmqpReceiver(int port, String address, String selector, String user, String password) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(50);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        Sasl sasl = transport.sasl();
        sasl.client();
        if (user == null) {
            sasl.setMechanisms("ANONYMOUS");
        } else {
            sasl.plain(user, password);
        }
        connection.setContainer("raw-" + UUID.randomUUID());
        connection.setHostname("127.0.0.1");
        transport.bind(connection);
        connection.open();
        Session session = connection.session();
        session.open();
        receiver = session.receiver("raw-receiver");
        Source source = new Source();
        source.setAddress(address);
        if (selector != null) {
            source.setFilter(Map.of(Symbol.valueOf("jms-selector"),
                    new UnknownDescribedType(Symbol.valueOf("apache.org:selector-filter:string"), selector)));
        }
        receiver.setSource(source);
        receiver.setTarget(new Target());
        receiver.open();
        receiver.flow(1);
    }

    /** The next delivery, fully received, or null after the timeout; not settled. */
    Delivery receive(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            pump();
            Delivery delivery = receiver.current();
            if (delivery != null && delivery.isReadable() && !delivery.isPartial()) {
                return delivery;
            }
        }
        return null;
    }

    /** The message of a delivery {@link #receive} returned, decoded as any AMQP 1.0 client would. */
    Message message(Delivery delivery) {
        byte[] bytes = new byte[delivery.pending()];
        int read = receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        Message message = Proton.message();
        message.decode(bytes, 0, read);
        return message;
    }

    /** Settles a delivery as accepted: the message is consumed. */
    void accept(Delivery delivery) throws IOException {
        delivery.disposition(Accepted.getInstance());
        delivery.settle();
        for (int i = 0; i < 5; i++) {
            pump();
        }
    }

    /** Ends the connection as a crashed consumer's host does: a TCP reset, no AMQP close, no disposition. */
    void cut() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** An orderly AMQP close: link, session and connection closed, unsettled deliveries left unsettled. */
    @Override
    public void close() throws IOException {
        if (socket.isClosed()) {
            return;
        }
        receiver.close();
        connection.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        try {
            while (System.nanoTime() < deadline && connection.getRemoteState() != org.apache.qpid.proton.engine.EndpointState.CLOSED) {
                pump();
            }
        } catch (IOException closedByBroker) {
            // the broker closed the socket after its close frame
        } finally {
            socket.close();
        }
    }

    private void pump() throws IOException {
        int pending;
        while ((pending = transport.pending()) > 0) {
            ByteBuffer head = transport.head();
            byte[] bytes = new byte[pending];
            head.get(bytes);
            out.write(bytes);
            transport.pop(pending);
        }
        out.flush();
        int capacity = transport.capacity();
        if (capacity <= 0) {
            return;
        }
        byte[] bytes = new byte[capacity];
        int read;
        try {
            read = in.read(bytes);
        } catch (SocketTimeoutException idle) {
            return;
        }
        if (read < 0) {
            transport.close_tail();
            throw new EOFException("the broker closed the connection");
        }
        transport.tail().put(bytes, 0, read);
        transport.process();
    }
}
