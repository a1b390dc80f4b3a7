package io.github.erpgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Issue 19 point 3, the key of an id-less body alone, with the times given: the same key within the window of its first
 * sighting (also across a slot boundary), a new one after it, and the same one without memory (a restart, another
 * instance, a replay) as long as the redelivery falls into the first sighting's slot.
 */
class BodyHashWindowTest {

    private static final long WINDOW = 10_000;
    /** A slot boundary: slots start at multiples of the window since the epoch. */
    private static final long BOUNDARY = 1_765_000_000_000L - 1_765_000_000_000L % WINDOW + 50 * WINDOW;

    private final MessageDigest sha256 = newSha256();
    private final BodyHashWindow window = new BodyHashWindow(Duration.ofMillis(WINDOW), 1000);

    private byte[] digest(String body) {
        return sha256.digest(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRedeliveryWithinTheWindowKeepsTheKeyAlsoAcrossASlotBoundary() {
        byte[] body = digest("{\"topic\":\"SaleOrder\",\"event\":\"Edit\"}");
        String first = window.keyOfWebhook(sha256, body, BOUNDARY - 100);

        assertThat(window.keyOfWebhook(sha256, body, BOUNDARY + 100)).isEqualTo(first);
        assertThat(window.keyOfWebhook(sha256, body, BOUNDARY - 100 + WINDOW - 1)).isEqualTo(first);
        assertThat(first).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void theSameBodyAWindowLaterIsANewEventWhoseRedeliveriesKeepItsKey() {
        byte[] body = digest("{\"topic\":\"SaleOrder\",\"event\":\"Edit\"}");
        String first = window.keyOfWebhook(sha256, body, BOUNDARY + 9_999);

        String second = window.keyOfWebhook(sha256, body, BOUNDARY + 9_999 + WINDOW);
        assertThat(second).isNotEqualTo(first);
        assertThat(window.keyOfWebhook(sha256, body, BOUNDARY + 9_999 + WINDOW + 1)).isEqualTo(second);
        assertThat(window.keyOfWebhook(sha256, body, BOUNDARY + 9_999 + 2 * WINDOW)).isNotEqualTo(second).isNotEqualTo(first);
    }

    @Test
    void withoutMemoryARedeliveryInTheSameSlotGetsTheSameKey() {
        byte[] body = digest("{\"a\":1}");
        String first = window.keyOfWebhook(sha256, body, BOUNDARY + 10);

        BodyHashWindow restarted = new BodyHashWindow(Duration.ofMillis(WINDOW), 1000);
        assertThat(restarted.keyOfWebhook(sha256, body, BOUNDARY + 5_000)).isEqualTo(first);
        window.clear();
        assertThat(window.keyOfWebhook(sha256, body, BOUNDARY + 9_000)).isEqualTo(first);
        // the documented limit: a forgotten first sighting in the previous slot
        assertThat(new BodyHashWindow(Duration.ofMillis(WINDOW), 1000).keyOfWebhook(sha256, body, BOUNDARY + WINDOW + 1))
                .isNotEqualTo(first);
    }

    @Test
    void aReplayTakesTheSlotOfItsOriginalReceiveTime() {
        byte[] body = digest("{\"a\":2}");
        String original = window.keyOfWebhook(sha256, body, BOUNDARY + 1_000);

        assertThat(window.keyOfReplay(sha256, body, BOUNDARY + 1_000)).isEqualTo(original);
        assertThat(new BodyHashWindow(Duration.ofMillis(WINDOW), 1).keyOfReplay(sha256, body, BOUNDARY + 1_000)).isEqualTo(original);
    }

    @Test
    void differentBodiesHaveDifferentKeys() {
        assertThat(window.keyOfWebhook(sha256, digest("{\"a\":1}"), BOUNDARY))
                .isNotEqualTo(window.keyOfWebhook(sha256, digest("{\"a\":2}"), BOUNDARY));
    }

    @Test
    void aFullMemoryForgetsItsOldestSightingFirst() {
        BodyHashWindow small = new BodyHashWindow(Duration.ofMillis(WINDOW), 4); // one set of four
        byte[][] bodies = new byte[5][];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = digest("{\"n\":" + i + "}");
            assertThat(small.firstSighting(bodies[i], BOUNDARY + i)).isEqualTo(BOUNDARY + i);
        }
        // the fifth pushed out the first; the others are still remembered
        assertThat(small.firstSighting(bodies[0], BOUNDARY + 100)).isEqualTo(BOUNDARY + 100);
        assertThat(small.firstSighting(bodies[4], BOUNDARY + 100)).isEqualTo(BOUNDARY + 4);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
