package io.github.erpgateway.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.erpgateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo profile as a user starts it ({@code --spring.profiles.active=demo}, config/application-demo.yaml from the
 * working directory): logins are off, everybody who reaches the management port is admin, so that port listens on
 * loopback only, and the log says so.
 */
class DemoProfileIT {

    @TempDir
    Path dataDir;

    @Test
    void theDemoProfileServesItsAnonymousAdminOnLoopbackOnlyAndSaysSo() throws Exception {
        List<InetAddress> elsewhere = nonLoopbackAddresses();
        assumeFalse(elsewhere.isEmpty(), "this machine has no address but loopback to try");
        try (GatewayProcess gateway = GatewayProcess.startEmbedded("demo", GatewayProcess.freePort(),
                dataDir.resolve("artemis"), dataDir, "--spring.profiles.active=demo")) {
            gateway.awaitReady(Duration.ofSeconds(120));
            int port = URI.create(gateway.managementUrl("/")).getPort();

            assertThat(accepts(InetAddress.getByName("127.0.0.1"), port)).as("127.0.0.1:" + port).isTrue();
            for (InetAddress address : elsewhere) {
                assertThat(accepts(address, port)).as("the management port on " + address).isFalse();
            }
            String log = Files.readString(dataDir.resolve("gateway-demo.log"));
            assertThat(log).contains("Logins are off").contains("listens on 127.0.0.1 only")
                    .contains("management.server.address");
        }
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (!address.isLinkLocalAddress()) {
                        addresses.add(address);
                    }
                }
            }
        }
        return addresses;
    }
}
