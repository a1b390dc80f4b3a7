package io.github.erpgateway.http;

import java.util.List;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address a webhook came from, for the per-source allowlists. X-Forwarded-For is unsigned: it is read only when the
 * peer is a configured trusted proxy, and then from the right, past every trusted proxy, so a client cannot put an
 * allowed address in front of the list itself.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(HttpServerRequest request, List<IpRange> trustedProxies) {
        SocketAddress remote = request.remoteAddress();
        String peer = remote == null ? "" : remote.hostAddress();
        if (trustedProxies.isEmpty() || !IpRange.anyContains(trustedProxies, peer)) {
            return peer;
        }
        List<String> forwarded = request.headers().getAll("X-Forwarded-For");
        String client = peer;
        for (int h = forwarded.size() - 1; h >= 0; h--) {
            String[] hops = forwarded.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (IpRange.literal(hop) == null) {
                    return client; // garbage in the chain: trust nothing before it
                }
                client = hop;
                if (!IpRange.anyContains(trustedProxies, hop)) {
                    return hop;
                }
            }
        }
        return client;
    }
}
