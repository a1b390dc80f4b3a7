package io.github.erpgateway.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * One address or CIDR range ({@code 18.202.121.26}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}) from the
 * configuration. Only literal addresses are accepted: a host name would make every check a DNS look-up.
 */
record IpRange(byte[] network, int prefixBits) {

    static IpRange parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range: '" + text + "'");
        }
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR prefix length: '" + text + "'");
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("CIDR prefix length out of range: '" + text + "'");
            }
        }
        return new IpRange(bytes, bits);
    }

    static List<IpRange> parseAll(List<String> texts) {
        return texts.stream().filter(t -> t != null && !t.isBlank()).map(IpRange::parse).toList();
    }

    /** Whether the literal address (as Vert.x reports a peer, or as written in X-Forwarded-For) is in this range. */
    boolean contains(String address) {
        byte[] candidate = literal(address);
        if (candidate == null || candidate.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    static boolean anyContains(List<IpRange> ranges, String address) {
        for (IpRange range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of a literal IPv4 or IPv6 address, or null for anything else (never a DNS look-up). */
    static byte[] literal(String address) {
        if (address == null) {
            return null;
        }
        String value = address.trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || value.length() > 45 || !value.matches("[0-9a-fA-F:.]+")) {
            return null; // a literal cannot be anything else, and InetAddress would resolve a name
        }
        try {
            byte[] bytes = InetAddress.getByName(value).getAddress();
            if (bytes.length == 16 && isV4Mapped(bytes)) {
                byte[] v4 = new byte[4];
                System.arraycopy(bytes, 12, v4, 0, 4);
                return v4;
            }
            return bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xFF) == 0xFF && (bytes[11] & 0xFF) == 0xFF;
    }
}
