package io.github.erpgateway.bench.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The benchmark's plain peer: what a developer would write by hand to receive the same webhooks. It does the
 * gateway's essential work only (HMAC check, event id, persistent send to the embedded broker, 202) and none of its
 * extras (JSONata mapping to CloudEvents, duplicate memory, per-webhook metrics and log line).
 */
@SpringBootApplication
@EnableConfigurationProperties(PeerProperties.class)
public class PeerApplication {

    public static void main(String[] args) {
        SpringApplication.run(PeerApplication.class, args);
    }
}
