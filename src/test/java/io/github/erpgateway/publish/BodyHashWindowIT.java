package io.github.erpgateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.github.erpgateway.support.GatewayTestSupport;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 19 point 3: a payload without an id is a duplicate only within gateway.duplicates.body-hash-window. Venio
 * bodies carry neither an id nor a time, so the same user editing the same sale order twice sends identical bodies:
 * the second edit, after the window, must be stored as a new event (its own ce_id and _AMQ_DUPL_ID, so the broker's
 * duplicate detection keeps it too), while a redelivery within the window is stored once.
 */
@TestPropertySource(properties = "gateway.duplicates.body-hash-window=3s")
class BodyHashWindowIT extends GatewayTestSupport {

    private static final long WINDOW_MILLIS = 3000;
    private static final String VENIO_HEADER = "X-Venio-Signature";
    private static final String SALE_ORDERS = "erp.venio.sale-order";
    private static final String ORDER_LINES = "erp.business-nxt.order-line";

    private HttpResponse<String> postVenio(byte[] body) {
        return post("/webhooks/venio", body, Map.of(VENIO_HEADER, sign(VENIO_SECRET, body)));
    }

    private static byte[] saleOrderEdit(String number) {
        return ("{\"modifiedBy\":\"EMP001\",\"webhookName\":\"crm\",\"topic\":\"SaleOrder\",\"event\":\"Edit\","
                + "\"data\":{\"SaleOrderNo\":\"" + number + "\",\"CreatedBy\":\"EMP001\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String id(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response.body()).get("id").asText();
    }

    @Test
    void theSameVenioBodyAfterTheWindowIsANewEventAndARedeliveryWithinItIsStoredOnce() throws Exception {
        String order = "SO-" + newId();
        String otherOrder = "SO-" + newId();
        byte[] edit = saleOrderEdit(order);

        String first = id(postVenio(edit));
        String other = id(postVenio(saleOrderEdit(otherOrder)));
        String redelivered = id(postVenio(edit));
        Thread.sleep(WINDOW_MILLIS + 500);
        String secondEdit = id(postVenio(edit));
        String secondEditRedelivered = id(postVenio(edit));

        assertThat(other).isNotEqualTo(first);
        assertThat(redelivered).isEqualTo(first);
        assertThat(secondEdit).isNotEqualTo(first);
        assertThat(secondEditRedelivered).isEqualTo(secondEdit);
        // read by a separate JMS client: the two edits, each once, with distinct duplicate ids
        assertThat(count(SALE_ORDERS, "ce_subject = '" + otherOrder + "'")).isEqualTo(1);
        assertThat(count(SALE_ORDERS, "ce_subject = '" + order + "'")).isEqualTo(2);
        Message firstMessage = receiveEvent(SALE_ORDERS, first);
        Message secondMessage = receiveEvent(SALE_ORDERS, secondEdit);
        assertThat(secondMessage.getStringProperty("_AMQ_DUPL_ID")).isNotBlank()
                .isNotEqualTo(firstMessage.getStringProperty("_AMQ_DUPL_ID"));
        assertThat(json(text(secondMessage)).get("data")).isEqualTo(json(text(firstMessage)).get("data"));
    }

    @Test
    void appliesToEveryPayloadWithoutAnIdAlsoWhenAnUnsignedHeaderNamesIt() throws Exception {
        byte[] body = ("{\"tableIdentifier\":\"OrderLine\",\"customerNo\":4801958,\"companyNo\":5199768,\"event\":\"UPDATE\","
                + "\"primaryKeys\":[{\"OrderNo\":3},{\"LineNo\":1}],\"changedByUser\":\"" + newId() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String h1 = newId();
        String h2 = newId();
        String h3 = newId();

        String first = id(postBnxt(body, h1));
        String replayedWithinTheWindow = id(postBnxt(body, h2));
        Thread.sleep(WINDOW_MILLIS + 500);
        String afterTheWindow = id(postBnxt(body, h3));

        assertThat(first).isEqualTo(h1);
        assertThat(afterTheWindow).isEqualTo(h3);
        assertThat(count(ORDER_LINES, "ce_id = '" + h2 + "'")).isZero();
        Set<String> duplicateIds = new HashSet<>();
        duplicateIds.add(receiveEvent(ORDER_LINES, h1).getStringProperty("_AMQ_DUPL_ID"));
        duplicateIds.add(receiveEvent(ORDER_LINES, h3).getStringProperty("_AMQ_DUPL_ID"));
        assertThat(duplicateIds).hasSize(2);
        assertThat(replayedWithinTheWindow).isEqualTo(h2); // the reply names the request's event, as for any duplicate
    }

    private HttpResponse<String> postBnxt(byte[] body, String headerId) {
        return post("/webhooks/business-nxt", body, Map.of(SIGNATURE_HEADER, sign(BNXT_SECRET, body),
                "x-vwd-notification-id", headerId));
    }
}
