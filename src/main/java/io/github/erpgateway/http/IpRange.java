package io.github.erpgateway.http;

import java.util.List;

import io.netty.util.NetUtil;

/**
 * One address or CIDR range ({@code 18.202.121.26}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}) from the
 * configuration. Only literal addresses are accepted, and they are parsed as text: nothing here ever resolves a name
 * (InetAddress would, for anything that is not a literal, such as "cafe": a DNS look-up on the event loop for every
 * X-Forwarded-For hop). A name, or a short IPv4 form like {@code 10} or {@code 127.1}, is refused at start-up.
 */
record IpRange(byte[] network, int prefixBits) {

    static IpRange parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = address.indexOf('%') < 0 ? literal(address) : null;
        if (bytes == null) {
            throw new IllegalArgumentException("not a literal IPv4 or IPv6 address or CIDR range: '" + text
                    + "' (names are not resolved; write the address, such as 10.0.0.0/8 or fd00::/8)");
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

    /** The ranges of the setting {@code property}; a value that is not a literal stops the start with both named. */
    static List<IpRange> parseAll(String property, List<String> texts) {
        try {
            return texts.stream().filter(t -> t != null && !t.isBlank()).map(IpRange::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
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

    /**
     * The bytes of a literal IPv4 (four decimal parts) or IPv6 address (with or without brackets or a zone), or null
     * for anything else; an IPv4-mapped IPv6 address gives its IPv4 bytes. Parsed as text, never looked up.
     */
    static byte[] literal(String address) {
        if (address == null) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address.trim());
        if (bytes != null && bytes.length == 16 && isV4Mapped(bytes)) {
            byte[] v4 = new byte[4];
            System.arraycopy(bytes, 12, v4, 0, 4);
            return v4;
        }
        return bytes;
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
