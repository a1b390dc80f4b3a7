package io.github.erpgateway.bench.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A JSON body with {@code {id}} and {@code {n}} slots, split once so filling it is a few appends. */
public final class PayloadTemplate {

    private final List<String> parts = new ArrayList<>();
    private final List<Boolean> slotIsId = new ArrayList<>();

    PayloadTemplate(String text) {
        int at = 0;
        while (true) {
            int id = text.indexOf("{id}", at);
            int n = text.indexOf("{n}", at);
            int next = id < 0 ? n : n < 0 ? id : Math.min(id, n);
            if (next < 0) {
                parts.add(text.substring(at));
                return;
            }
            parts.add(text.substring(at, next));
            boolean isId = next == id;
            slotIsId.add(isId);
            at = next + (isId ? 4 : 3);
        }
    }

    public byte[] fill(String id, long n) {
        StringBuilder body = new StringBuilder(400);
        for (int i = 0; i < slotIsId.size(); i++) {
            body.append(parts.get(i));
            if (slotIsId.get(i)) {
                body.append(id);
            } else {
                body.append(n);
            }
        }
        body.append(parts.get(parts.size() - 1));
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
