package io.github.erpgateway.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain socket to the webhook port, for what an HTTP client library will not do: stall, dribble, misbehave. */
final class RawConnection implements AutoCloseable {

    private final Socket socket;

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
    }

    RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawConnection send(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Everything the server sends until it closes the connection or {@code timeoutMillis} pass without a byte. */
    String readUntilClosed(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return received.toString(StandardCharsets.ISO_8859_1) + "<still open>";
        } catch (IOException e) {
            // reset by the server: as closed as it gets
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status line of the server's reply (the rest is left unread). */
    String statusLine(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).trim();
    }

    /** True when the server has closed the connection within {@code timeoutMillis} (without sending anything more). */
    boolean closedWithin(int timeoutMillis) throws IOException {
        return !readUntilClosed(timeoutMillis).endsWith("<still open>");
    }

    static String post(String path, long contentLength, String extraHeaders) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n" + extraHeaders + "\r\n";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
