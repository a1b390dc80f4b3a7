package io.github.erpgateway.bench.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The ports a server under test listens on, all on 127.0.0.1. The defaults keep clear of 8080/8081/61616, where a
 * developer's own gateway may be running while the benchmark runs.
 */
public record Ports(int http, int management, int broker) {

    public String brokerUrl() {
        return "tcp://127.0.0.1:" + broker;
    }

    /** Fails early and clearly when something else already listens on one of the ports. */
    public void requireFree() {
        for (int port : new int[] {http, management, broker}) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use: stop what listens there "
                        + "or choose other ports (--http-port, --management-port, --broker-port)");
            }
        }
    }
}
