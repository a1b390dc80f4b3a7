package io.github.erpgateway.bench.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class WebhookFactoryTest {

    @Test
    void signsLikeOpenssl() {
        // openssl dgst -sha256 -hmac demo-visma-net-secret -binary < body | base64  (the body of bench/wrk/post.lua)
        String body = "{\"event\":\"Customer_Updated\",\"notificationId\":\"0f5b7c1e-8f7d-4c2a-9b1e-3d2c1b0a9f8e\","
                + "\"entityLocation\":\"api/v1/customer/55555\",\"timeStamp\":\"638974335577900000\","
                + "\"TenantId\":\"f6cd9xxxx6183\",\"companyId\":\"5123456\"}";
        assertEquals("clSPsMpgSsurLSeZJZ9uKzdylNH8VeJcOr7zF7rHmhc=",
                WebhookFactory.sign("demo-visma-net-secret", body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyWebhookIsValidJsonSignedAndUnique() {
        EventIds ids = new EventIds();
        WebhookFactory factory = new WebhookFactory(Mix.parse("visma-net,business-nxt,venio"), ids, null);
        Set<String> bodies = new HashSet<>();
        Set<String> eventIds = new HashSet<>();
        for (long sequence = 0; sequence < 300; sequence++) {
            Webhook webhook = factory.create(sequence);
            JsonObject json = new JsonObject(new String(webhook.body(), StandardCharsets.UTF_8));
            assertEquals(WebhookFactory.sign(webhook.source().secret(), webhook.body()), webhook.signature());
            assertEquals(webhook.source().path(), webhook.path());
            String id = webhook.source().idInPayload()
                    ? json.getString(json.containsKey("NotificationId") ? "NotificationId" : "notificationId")
                    : webhook.notificationIdHeader();
            if (webhook.source().idInPayload()) {
                assertNull(webhook.notificationIdHeader());
            } else {
                // the header is not signed: the gateway tells these events apart by their bodies
                assertEquals(id, json.getString("benchRequestId"));
            }
            assertEquals(sequence, ids.sequenceOf(id));
            assertTrue(eventIds.add(id), "duplicate id " + id);
            bodies.add(new String(webhook.body(), StandardCharsets.UTF_8));
        }
        // every body differs, also Business NXT and Venio ones whose keys repeat after 990 000 requests
        assertEquals(300, bodies.size());
    }

    @Test
    void mixFollowsTheWeights() {
        WebhookFactory factory = new WebhookFactory(Mix.parse("visma-net:2,venio"), new EventIds(), "/bench/ceiling");
        int visma = 0;
        int venio = 0;
        for (long sequence = 0; sequence < 30; sequence++) {
            Webhook webhook = factory.create(sequence);
            assertEquals("/bench/ceiling", webhook.path());
            if (webhook.source() == Source.VISMA_NET) {
                visma++;
            } else {
                assertEquals(Source.VENIO, webhook.source());
                venio++;
            }
        }
        assertEquals(20, visma);
        assertEquals(10, venio);
        assertEquals("visma-net:2,venio", Mix.parse("visma-net:2,venio").toString());
    }

    @Test
    void idsOfAnotherRunAreNotOurs() {
        EventIds ours = new EventIds();
        EventIds theirs = new EventIds();
        assertEquals(-1, ours.sequenceOf(theirs.idOf(7)));
        assertEquals(-1, ours.sequenceOf("not-a-uuid"));
        assertEquals(-1, ours.sequenceOf(null));
        assertNotEquals(ours.idOf(1), ours.idOf(2));
        assertEquals(123_456_789L, ours.sequenceOf(ours.idOf(123_456_789L)));
    }
}
