package io.github.erpgateway.bench.peer;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code peer.*}: the TCP address the drain connects to, the broker settings that shape the cost of a durable send
 * (the same values as the gateway's, so both servers do the same work per message) and, per source, the signature
 * header and secret.
 */
@ConfigurationProperties(prefix = "peer")
public class PeerProperties {

    private String brokerListen = "tcp://127.0.0.1:61636";
    /** SPEC section 5: every stored message carries {@code _AMQ_DUPL_ID}; false measures the cheaper send without it. */
    private boolean duplicateDetection = true;
    private long globalMaxSizeBytes = 32L << 20;
    private int pageSizeBytes = 2 << 20;
    private int duplicateIdCacheSize = 20_000;
    /** 0: Artemis' default (3.3 ms for NIO), what a hand-written app gets; the harness' comparison run sets the gateway's. */
    private int journalBufferTimeoutNanos;
    private final Map<String, Source> sources = new LinkedHashMap<>();

    public String getBrokerListen() { return brokerListen; }
    public void setBrokerListen(String brokerListen) { this.brokerListen = brokerListen; }
    public boolean isDuplicateDetection() { return duplicateDetection; }
    public void setDuplicateDetection(boolean duplicateDetection) { this.duplicateDetection = duplicateDetection; }
    public long getGlobalMaxSizeBytes() { return globalMaxSizeBytes; }
    public void setGlobalMaxSizeBytes(long globalMaxSizeBytes) { this.globalMaxSizeBytes = globalMaxSizeBytes; }
    public int getPageSizeBytes() { return pageSizeBytes; }
    public void setPageSizeBytes(int pageSizeBytes) { this.pageSizeBytes = pageSizeBytes; }
    public int getDuplicateIdCacheSize() { return duplicateIdCacheSize; }
    public void setDuplicateIdCacheSize(int duplicateIdCacheSize) { this.duplicateIdCacheSize = duplicateIdCacheSize; }
    public int getJournalBufferTimeoutNanos() { return journalBufferTimeoutNanos; }
    public void setJournalBufferTimeoutNanos(int journalBufferTimeoutNanos) { this.journalBufferTimeoutNanos = journalBufferTimeoutNanos; }
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
