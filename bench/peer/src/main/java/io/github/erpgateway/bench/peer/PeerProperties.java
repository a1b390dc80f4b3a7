package io.github.erpgateway.bench.peer;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code peer.*}: the TCP address the drain connects to and, per source, the signature header and secret. */
@ConfigurationProperties(prefix = "peer")
public class PeerProperties {

    private String brokerListen = "tcp://127.0.0.1:61636";
    private final Map<String, Source> sources = new LinkedHashMap<>();

    public String getBrokerListen() { return brokerListen; }
    public void setBrokerListen(String brokerListen) { this.brokerListen = brokerListen; }
    public Map<String, Source> getSources() { return sources; }

    public static class Source {
        private String signatureHeader = "X-VWD-Signature-V1";
        private String secret;

        public String getSignatureHeader() { return signatureHeader; }
        public void setSignatureHeader(String signatureHeader) { this.signatureHeader = signatureHeader; }
        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret; }
    }
}
