package io.github.erpgateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Message;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Issue 10 point 4: for payloads without an id in the signed body (Business NXT, Venio) the unsigned
 * x-vwd-notification-id header still names the event (ce_id), but what counts as a duplicate - in the gateway's
 * memory and in Artemis' _AMQ_DUPL_ID - is the body (its SHA-256 within gateway.duplicates.body-hash-window, see
 * BodyHashWindowIT).
 */
class DuplicateKeyIT extends GatewayTestSupport {

    private static final String QUEUE = "erp.business-nxt.order-line";

    @Autowired
    @Qualifier("seenEvents")
    private IdempotentRepository seenEvents;

    private static byte[] orderLine() {
        return ("{\"tableIdentifier\":\"OrderLine\",\"customerNo\":4801958,\"companyNo\":5199768,\"event\":\"UPDATE\","
                + "\"primaryKeys\":[{\"OrderNo\":3},{\"LineNo\":1}],\"timestamp\":\"2025-02-06T21:15:28.3971469Z\","
                + "\"changedByUser\":\"" + newId() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> postBnxt(byte[] body, String headerId) {
        return post("/webhooks/business-nxt", body, Map.of(SIGNATURE_HEADER, sign(BNXT_SECRET, body),
                "x-vwd-notification-id", headerId));
    }

    @Test
    void aReplayedBodyWithAFreshHeaderIdIsADuplicate() throws Exception {
        byte[] body = orderLine();
        String first = newId();
        String replayed = newId();

        HttpResponse<String> original = postBnxt(body, first);
        HttpResponse<String> replay = postBnxt(body, replayed);

        assertThat(json(original.body()).get("id").asText()).isEqualTo(first); // ce_id stays the header's (SPEC 4)
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(count(QUEUE, "ce_id = '" + first + "' OR ce_id = '" + replayed + "'")).isEqualTo(1);
        assertThat(receiveEvent(QUEUE, first).getStringProperty("_AMQ_DUPL_ID")).matches("[0-9a-f]{64}")
                .isNotEqualTo(first).isNotEqualTo(replayed);
    }

    @Test
    void theBrokerAlsoRefusesTheReplayWhenTheGatewayForgot() throws Exception {
        byte[] body = orderLine();
        String first = newId();
        String replayed = newId();

        postBnxt(body, first);
        seenEvents.clear(); // as after a restart, or on another gateway instance: only Artemis remembers
        HttpResponse<String> replay = postBnxt(body, replayed);

        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(count(QUEUE, "ce_id = '" + first + "' OR ce_id = '" + replayed + "'")).isEqualTo(1);
    }

    @Test
    void aPreClaimedHeaderIdDoesNotSuppressTheRealEvent() throws Exception {
        String future = newId();
        byte[] captured = orderLine();
        byte[] real = orderLine();

        postBnxt(captured, future); // an attacker replays a captured body with the id of an event to come
        HttpResponse<String> genuine = postBnxt(real, future);

        assertThat(genuine.statusCode()).isEqualTo(202);
        assertThat(count(QUEUE, "ce_id = '" + future + "'")).isEqualTo(2);
    }

    @Test
    void ignoresAHeaderIdPastTheLimit() throws Exception {
        byte[] body = orderLine();

        HttpResponse<String> response = postBnxt(body, "h".repeat(129));

        String id = json(response.body()).get("id").asText();
        assertThat(id).matches("[0-9a-f]{64}"); // the body's key (BodyHashWindow), not the header's id
        Message stored = receiveEvent(QUEUE, id);
        assertThat(stored.getStringProperty("vwd_notification_id")).isNull();
        assertThat(stored.getStringProperty("_AMQ_DUPL_ID")).isEqualTo(id);
    }
}
