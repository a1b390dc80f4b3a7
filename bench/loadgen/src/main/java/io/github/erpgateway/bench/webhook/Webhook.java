package io.github.erpgateway.bench.webhook;

/**
 * One signed request, ready to send. {@code notificationIdHeader} is null when the id is in the payload.
 */
public record Webhook(long sequence, Source source, String path, String signature, String notificationIdHeader,
                      byte[] body) {
}
