package io.github.erpgateway.broker;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * The embedded broker's acceptor URI ({@code gateway.broker.listen}): whether it can only be reached from this host, and
 * the protocols it speaks.
 */
final class AcceptorAddress {

    /** What the acceptor speaks unless its URI names its own {@code protocols}: Artemis' own, and AMQP 1.0 for any language. */
    static final String PROTOCOLS = "CORE,AMQP";

    private AcceptorAddress() {
    }

    /**
     * The URI with {@code protocols=CORE,AMQP} added when it names none. Artemis would otherwise serve every protocol
     * whose module is on the classpath, so a dependency that brings another one in would open it unnoticed.
     */
    static String withProtocols(String acceptorUri) {
        if (protocolsParameter(acceptorUri) != null) {
            return acceptorUri;
        }
        int query = acceptorUri.indexOf('?');
        String separator = query < 0 ? "?" : query == acceptorUri.length() - 1 ? "" : ";";
        return acceptorUri + separator + "protocols=" + PROTOCOLS;
    }

    /** The value of the URI's {@code protocols} parameter, or null. */
    static String protocolsParameter(String acceptorUri) {
        int query = acceptorUri.indexOf('?');
        if (query < 0) {
            return null;
        }
        // Artemis separates acceptor parameters with ';' or '&'
        for (String parameter : acceptorUri.substring(query + 1).split("[&;]")) {
            if (parameter.startsWith("protocols=")) {
                return parameter.substring("protocols=".length());
            }
        }
        return null;
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
