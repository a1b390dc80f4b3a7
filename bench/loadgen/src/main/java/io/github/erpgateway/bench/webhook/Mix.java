package io.github.erpgateway.bench.webhook;

import java.util.ArrayList;
import java.util.List;

/**
 * Which sources to send, with weights: {@code visma-net,business-nxt,venio} (equal shares, the default) or
 * {@code visma-net:3,venio:1}. Requests go round-robin over the weighted slots, so the mix is exact at any count.
 */
public final class Mix {

    private final Source[] slots;

    private Mix(Source[] slots) {
        this.slots = slots;
    }

    public static Mix parse(String text) {
        List<Source> slots = new ArrayList<>();
        for (String item : text.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            Source source = Source.of(colon < 0 ? trimmed : trimmed.substring(0, colon));
            int weight = colon < 0 ? 1 : Integer.parseInt(trimmed.substring(colon + 1));
            if (weight < 1 || weight > 100) {
                throw new IllegalArgumentException("weight of " + source.id() + " must be 1..100: " + trimmed);
            }
            for (int i = 0; i < weight; i++) {
                slots.add(source);
            }
        }
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("empty --mix");
        }
        return new Mix(slots.toArray(Source[]::new));
    }

    Source sourceOf(long sequence) {
        return slots[(int) (sequence % slots.length)];
    }

    /** Which of the source's templates this request uses: cycles through them independently of the source slots. */
    int templateRound(long sequence) {
        return (int) ((sequence / slots.length) % Integer.MAX_VALUE);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Source source : Source.values()) {
            long weight = java.util.Arrays.stream(slots).filter(s -> s == source).count();
            if (weight > 0) {
                text.append(text.length() == 0 ? "" : ",").append(source.id()).append(weight > 1 ? ":" + weight : "");
            }
        }
        return text.toString();
    }
}
