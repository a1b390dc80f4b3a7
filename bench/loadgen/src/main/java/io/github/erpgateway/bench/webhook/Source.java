package io.github.erpgateway.bench.webhook;

import java.util.List;

/**
 * The three webhook sources with the demo profile's secrets and headers, and payloads shaped like the vendors'
 * documented examples. {@code {id}} becomes the unique event id, {@code {n}} a number that varies the keys.
 */
public enum Source {

    VISMA_NET("visma-net", "X-VWD-Signature-V1", "demo-visma-net-secret", true, List.of(
            "{\"event\":\"Customer_Updated\",\"notificationId\":\"{id}\",\"entityLocation\":\"api/v1/customer/{n}\","
                    + "\"timeStamp\":\"638974335577900000\",\"TenantId\":\"f6cd9xxxx6183\",\"companyId\":\"5123456\"}",
            "{\"NotificationId\":\"{id}\",\"event\":\"customer_changed\",\"resourceId\":\"{n}\","
                    + "\"resourceUri\":\"https://api.finance.visma.net/v1/customer/{n}\",\"timeStamp\":638974335577900000,"
                    + "\"TenantId\":\"f6cd9xxxx6183\"}",
            "{\"NotificationId\":\"{id}\",\"event\":\"supplier_changed\",\"resourceId\":\"{n}\","
                    + "\"resourceUri\":\"https://api.finance.visma.net/v1/supplier/{n}\",\"timeStamp\":638974335577900000,"
                    + "\"TenantId\":\"f6cd9xxxx6183\"}",
            "{\"event\":\"Account_Created\",\"notificationId\":\"{id}\",\"entityLocation\":\"api/v1/account/{n}\","
                    + "\"timeStamp\":\"638974335577900000\",\"TenantId\":\"f6cd9xxxx6183\",\"companyId\":\"5123456\"}",
            "{\"event\":\"VOUCHER_PROCESSED\",\"notificationId\":\"{id}\",\"voucherId\":\"V-2025-{n}\","
                    + "\"timeStamp\":638974335577900000,\"TenantId\":\"f6cd9xxxx6183\"}",
            "{\"event\":\"SALESORDER_CREATED\",\"notificationId\":\"{id}\",\"entityLocation\":\"api/v3/salesorders/SO-{n}\","
                    + "\"timeStamp\":\"638974335577900000\",\"TenantId\":\"f6cd9xxxx6183\"}")),

    // Business NXT and Venio payloads carry no id: the id travels in the dispatcher's x-vwd-notification-id header,
    // which is not signed, so the gateway decides duplicates by the body. "benchRequestId" makes every body unique.
    BUSINESS_NXT("business-nxt", "X-VWD-Signature-V1", "demo-business-nxt-secret", false, List.of(
            "{\"tableIdentifier\":\"OrderLine\",\"customerNo\":4801958,\"companyNo\":5199768,\"event\":\"UPDATE\","
                    + "\"primaryKeys\":[{\"OrderNo\":{n}},{\"LineNo\":1}],\"timestamp\":\"2025-02-06T21:15:28.3971469Z\","
                    + "\"changedByUser\":\"ola.normann\",\"changedColumns\":[{\"Description\":\"Hello webhook\"},"
                    + "{\"ChangedTimestamp\":20250206211528366}],\"benchRequestId\":\"{id}\"}",
            "{\"tableIdentifier\":\"OrderLine\",\"customerNo\":4801958,\"companyNo\":5199768,\"event\":\"INSERT\","
                    + "\"primaryKeys\":[{\"OrderNo\":{n}},{\"LineNo\":2}],\"timestamp\":\"2025-02-06T21:15:28.3971469Z\","
                    + "\"changedByUser\":\"ola.normann\",\"changedColumns\":[{\"ChangedTimestamp\":20250206211528366}],\"benchRequestId\":\"{id}\"}",
            "{\"tableIdentifier\":\"CompanyAccess\",\"customerNo\":4801958,\"companyNo\":0,\"event\":\"INSERT\","
                    + "\"primaryKeys\":[{\"UserNo\":{n}},{\"CompanyNo\":5199768}],\"timestamp\":\"2025-02-06T21:15:28.3971469Z\","
                    + "\"changedByUser\":\"ola.normann\",\"changedColumns\":[{\"ChangedTimestamp\":20250206211528366}],\"benchRequestId\":\"{id}\"}")),

    VENIO("venio", "X-Venio-Signature", "demo-venio-secret", false, List.of(
            "{\"modifiedBy\":\"EMP001\",\"webhookName\":\"crm-prod\",\"topic\":\"Customer\",\"event\":\"Create\","
                    + "\"data\":{\"CustomerCode\":\"C-{n}\",\"customerName\":\"Acme\"},\"benchRequestId\":\"{id}\"}",
            "{\"modifiedBy\":\"EMP001\",\"webhookName\":\"crm-prod\",\"topic\":\"Expense\",\"event\":\"Paid\","
                    + "\"data\":{\"ExpenseNo\":\"EX-{n}\",\"CreatedBy\":\"EMP001\"},\"benchRequestId\":\"{id}\"}",
            "{\"modifiedBy\":\"EMP001\",\"webhookName\":\"crm-prod\",\"topic\":\"SaleOrder\",\"event\":\"Completed\","
                    + "\"data\":{\"SaleOrderNo\":\"SO-{n}\",\"CreatedBy\":\"EMP001\"},\"benchRequestId\":\"{id}\"}"));

    private final String id;
    private final String signatureHeader;
    private final String secret;
    private final boolean idInPayload;
    private final List<PayloadTemplate> templates;

    Source(String id, String signatureHeader, String secret, boolean idInPayload, List<String> templates) {
        this.id = id;
        this.signatureHeader = signatureHeader;
        this.secret = secret;
        this.idInPayload = idInPayload;
        this.templates = templates.stream().map(PayloadTemplate::new).toList();
    }

    public String id() { return id; }
    public String path() { return "/webhooks/" + id; }
    public String signatureHeader() { return signatureHeader; }
    public String secret() { return secret; }
    /** False when the id must travel in the x-vwd-notification-id header. */
    public boolean idInPayload() { return idInPayload; }
    public List<PayloadTemplate> templates() { return templates; }

    public static Source of(String id) {
        for (Source source : values()) {
            if (source.id.equals(id)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown source '" + id + "' (visma-net, business-nxt, venio)");
    }
}
