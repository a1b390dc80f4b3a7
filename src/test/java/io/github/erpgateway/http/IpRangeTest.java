package io.github.erpgateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.Permission;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/** Addresses and ranges are parsed as literals only: a name is refused at configuration time, never looked up. */
class IpRangeTest {

    @Test
    void literalAddressesAndRangesMatch() {
        assertThat(IpRange.parse("10.1.0.0/16").contains("10.1.200.3")).isTrue();
        assertThat(IpRange.parse("10.1.0.0/16").contains("10.2.0.1")).isFalse();
        assertThat(IpRange.parse("18.202.121.26").contains("18.202.121.26")).isTrue();
        assertThat(IpRange.parse("18.202.121.26").contains("18.202.121.27")).isFalse();
        assertThat(IpRange.parse("fd00::/8").contains("fd12:3456::1")).isTrue();
        assertThat(IpRange.parse("::1").contains("[::1]")).isTrue();
        assertThat(IpRange.parse("::1").contains("0:0:0:0:0:0:0:1")).isTrue();
        // an IPv4 peer as a dual-stack socket reports it
        assertThat(IpRange.parse("10.0.0.0/8").contains("::ffff:10.9.8.7")).isTrue();
        assertThat(IpRange.parse("0.0.0.0/0").contains("203.0.113.9")).isTrue();
        assertThat(IpRange.parse("0.0.0.0/0").contains("2001:db8::1")).isFalse();
    }

    @Test
    void namesAreRefusedWithAClearMessageEvenWhenTheyLookLikeHex() {
        for (String name : List.of("cafe", "faced.de", "dead.beef", "beef/16", "localhost", "example.com/24")) {
            assertThatThrownBy(() -> IpRange.parse(name)).as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + name + "'")
                    .hasMessageContaining("literal IPv4 or IPv6 address");
        }
    }

    @Test
    void theSettingIsNamedInTheMessage() {
        assertThatThrownBy(() -> IpRange.parseAll("gateway.http.trusted-proxies", List.of("10.0.0.0/8", "cafe")))
                .hasMessageStartingWith("gateway.http.trusted-proxies: ").hasMessageContaining("'cafe'");
    }

    @Test
    void shortAndOtherNonStandardIpv4FormsAreRefused() {
        // InetAddress reads "10" as 0.0.0.10 and "127.1" as 127.0.0.1: a range nobody meant
        for (String text : List.of("10/8", "10", "127.1", "10.1.2", "0x7f.0.0.1", "256.0.0.1", "1.2.3.4.5", "", "/8",
                "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/8/8", "fe80::1%eth0/64")) {
            assertThatThrownBy(() -> IpRange.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aForwardedAddressThatIsNotALiteralMatchesNothing() {
        IpRange any = IpRange.parse("0.0.0.0/0");
        for (String hop : List.of("cafe", "faced.de", "unknown", "_hidden", "", "10", "127.1")) {
            assertThat(IpRange.literal(hop)).as(hop).isNull();
            assertThat(any.contains(hop)).as(hop).isFalse();
        }
    }

    /** The JDK asks the security manager before every name look-up (checkConnect(host, -1)): none may be asked. */
    @Test
    @SuppressWarnings("removal")
    void neverLooksANameUp() {
        List<String> lookedUp = new CopyOnWriteArrayList<>();
        IpRange.literal("10.0.0.1"); // the parser's classes initialised before, outside what is observed
        SecurityManager previous = System.getSecurityManager();
        try {
            System.setSecurityManager(new SecurityManager() {
                @Override
                public void checkPermission(Permission permission) {
                    // everything is allowed; only look-ups are recorded
                }

                @Override
                public void checkConnect(String host, int port) {
                    if (port == -1) {
                        lookedUp.add(host);
                    }
                }
            });
        } catch (UnsupportedOperationException noSecurityManager) {
            assumeTrue(false, "this JDK has no security manager to observe look-ups with");
        }
        try {
            for (String text : List.of("cafe", "faced.de", "dead.beef", "add", "bad.cafe/16")) {
                try {
                    IpRange.parse(text);
                } catch (IllegalArgumentException expected) {
                    // refused, as it must be
                }
                IpRange.literal(text);
                IpRange.parse("10.0.0.0/8").contains(text);
            }
        } finally {
            System.setSecurityManager(previous);
        }
        assertThat(lookedUp).as("names looked up").isEmpty();
    }
}
