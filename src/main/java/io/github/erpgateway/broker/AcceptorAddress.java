package io.github.erpgateway.broker;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** Whether an acceptor URI such as {@code tcp://127.0.0.1:61616} can only be reached from this host. */
final class AcceptorAddress {

    private AcceptorAddress() {
    }

    /**
     * True only if the host resolves to loopback addresses alone; a wildcard, a LAN address, an unresolvable or missing
     * host count as reachable from elsewhere (Artemis would bind them to something that is not loopback).
     */
    static boolean isLoopback(String acceptorUri) {
        String host;
        try {
            host = URI.create(acceptorUri).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
