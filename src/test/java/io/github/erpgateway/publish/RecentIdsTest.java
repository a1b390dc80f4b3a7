package io.github.erpgateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RecentIdsTest {

    @Test
    void remembersTheNewestIdsAndForgetsTheOldestFirst() {
        RecentIds ids = new RecentIds(3);
        assertThat(ids.add("visma-net|a")).isTrue();
        assertThat(ids.add("visma-net|a")).as("a redelivery").isFalse();
        ids.add("visma-net|b");
        ids.add("visma-net|c");
        ids.add("visma-net|d");
        assertThat(ids.contains("visma-net|a")).as("the oldest, forgotten").isFalse();
        assertThat(ids.contains("visma-net|b")).isTrue();
        assertThat(ids.contains("visma-net|d")).isTrue();
        assertThat(ids.contains("venio|d")).as("the key includes the source").isFalse();
        assertThat(ids.size()).isEqualTo(3);
        ids.clear();
        assertThat(ids.contains("visma-net|d")).isFalse();
        assertThat(ids.size()).isZero();
    }

    /** Against a plain model (a ring of keys and a set) through every path: redeliveries, evictions, early removals. */
    @Test
    void behavesAsAFirstInFirstOutMemoryOfTheGivenSize() {
        for (int capacity : new int[] {1, 2, 7, 64, 1000}) {
            Random random = new Random(capacity);
            RecentIds ids = new RecentIds(capacity);
            ArrayDeque<String> ring = new ArrayDeque<>();
            Set<String> live = new HashSet<>();
            int universe = capacity * 3 + 5;
            for (int op = 0; op < 200_000; op++) {
                String key = "source|" + random.nextInt(universe);
                int what = random.nextInt(10);
                if (what < 6) {
                    boolean expected = !live.contains(key);
                    if (expected) {
                        if (ring.size() == capacity) {
                            live.remove(ring.poll());
                        }
                        ring.add(key);
                        live.add(key);
                    }
                    assertThat(ids.add(key)).as("add %s at op %d, capacity %d", key, op, capacity).isEqualTo(expected);
                } else if (what < 9) {
                    assertThat(ids.contains(key)).as("contains %s at op %d, capacity %d", key, op, capacity)
                            .isEqualTo(live.contains(key));
                } else {
                    assertThat(ids.remove(key)).as("remove %s at op %d", key, op).isEqualTo(live.remove(key));
                }
            }
            for (int k = 0; k < universe; k++) {
                assertThat(ids.contains("source|" + k)).isEqualTo(live.contains("source|" + k));
            }
        }
    }

    @Test
    void refusesSizesItCannotHold() {
        assertThatThrownBy(() -> new RecentIds(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.duplicates.cache-size");
        assertThatThrownBy(() -> new RecentIds(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fingerprintsAreNeverTheEmptyMark() {
        for (int i = 0; i < 10_000; i++) {
            long[] fingerprint = RecentIds.fingerprint("id-" + i);
            assertThat(fingerprint[0] != 0 || fingerprint[1] != 0).isTrue();
        }
    }
}
