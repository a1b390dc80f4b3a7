package io.github.erpgateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.core.server.JournalType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Everything under {@code gateway.*}; see the configuration table in the README. */
@ConfigurationProperties(prefix = "gateway")
public class GatewayProperties {

    private final Http http = new Http();
    private long maxBodyBytes = 1_048_576;
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Broker broker = new Broker();
    private final Mappings mappings = new Mappings();
    private final Duplicates duplicates = new Duplicates();
    private final Routes routes = new Routes();

    public Http getHttp() { return http; }
    public long getMaxBodyBytes() { return maxBodyBytes; }
    public void setMaxBodyBytes(long maxBodyBytes) { this.maxBodyBytes = maxBodyBytes; }
    public Map<String, Source> getSources() { return sources; }
    public Broker getBroker() { return broker; }
    public Mappings getMappings() { return mappings; }
    public Duplicates getDuplicates() { return duplicates; }
    public Routes getRoutes() { return routes; }

    /** The webhook listener (Vert.x), kept apart from the management port. */
    public static class Http {
        private int port = 8080;
        private String host = "0.0.0.0";
        private int workerThreads = 128;

        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getWorkerThreads() { return workerThreads; }
        public void setWorkerThreads(int workerThreads) { this.workerThreads = workerThreads; }
    }

    /** How one inbound source proves that a webhook is genuine. */
    public static class Source {
        private Verification verification = Verification.HMAC;
        private String signatureHeader = "X-VWD-Signature-V1";
        private String tokenHeader = "X-Webhook-Token";
        private List<String> secrets = new ArrayList<>();

        public Verification getVerification() { return verification; }
        public void setVerification(Verification verification) { this.verification = verification; }
        public String getSignatureHeader() { return signatureHeader; }
        public void setSignatureHeader(String signatureHeader) { this.signatureHeader = signatureHeader; }
        public String getTokenHeader() { return tokenHeader; }
        public void setTokenHeader(String tokenHeader) { this.tokenHeader = tokenHeader; }
        public List<String> getSecrets() { return secrets; }
        public void setSecrets(List<String> secrets) { this.secrets = secrets; }

        @Override
        public String toString() {
            // never print the secrets themselves
            return "Source[verification=" + verification + ", secrets=" + secrets.size() + "]";
        }
    }

    public enum Verification { HMAC, TOKEN, NONE }

    public static class Broker {
        private boolean embedded = true;
        private String listen = "tcp://127.0.0.1:61616";
        private String dataDir = "data/artemis";
        private int duplicateIdCacheSize = 20_000;
        private DataSize globalMaxSize = DataSize.ofMegabytes(32);
        private DataSize pageSize = DataSize.ofMegabytes(2);
        private JournalType journalType = JournalType.NIO;
        private long pageLimitMessages = 100_000;
        private long sideQueueLimitMessages = 100_000;
        private Duration sendTimeout = Duration.ofSeconds(5);
        private Duration unconfirmedSendReadinessHold = Duration.ofSeconds(30);
        private int maxDiskUsage = 90;
        private String user;
        private String password;

        public boolean isEmbedded() { return embedded; }
        public void setEmbedded(boolean embedded) { this.embedded = embedded; }
        public String getListen() { return listen; }
        public void setListen(String listen) { this.listen = listen; }
        public String getDataDir() { return dataDir; }
        public void setDataDir(String dataDir) { this.dataDir = dataDir; }
        public int getDuplicateIdCacheSize() { return duplicateIdCacheSize; }
        public void setDuplicateIdCacheSize(int duplicateIdCacheSize) { this.duplicateIdCacheSize = duplicateIdCacheSize; }
        public DataSize getGlobalMaxSize() { return globalMaxSize; }
        public void setGlobalMaxSize(DataSize globalMaxSize) { this.globalMaxSize = globalMaxSize; }
        public DataSize getPageSize() { return pageSize; }
        public void setPageSize(DataSize pageSize) { this.pageSize = pageSize; }
        public JournalType getJournalType() { return journalType; }
        public void setJournalType(JournalType journalType) { this.journalType = journalType; }
        public long getPageLimitMessages() { return pageLimitMessages; }
        public void setPageLimitMessages(long pageLimitMessages) { this.pageLimitMessages = pageLimitMessages; }
        public long getSideQueueLimitMessages() { return sideQueueLimitMessages; }
        public void setSideQueueLimitMessages(long sideQueueLimitMessages) { this.sideQueueLimitMessages = sideQueueLimitMessages; }
        public Duration getSendTimeout() { return sendTimeout; }
        public void setSendTimeout(Duration sendTimeout) { this.sendTimeout = sendTimeout; }
        public Duration getUnconfirmedSendReadinessHold() { return unconfirmedSendReadinessHold; }
        public void setUnconfirmedSendReadinessHold(Duration unconfirmedSendReadinessHold) { this.unconfirmedSendReadinessHold = unconfirmedSendReadinessHold; }
        public int getMaxDiskUsage() { return maxDiskUsage; }
        public void setMaxDiskUsage(int maxDiskUsage) { this.maxDiskUsage = maxDiskUsage; }
        public String getUser() { return user; }
        public void setUser(String user) { this.user = user; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }

        /** Both set: the embedded broker requires them from every client, the gateway's own in-VM one included. */
        public boolean hasCredentials() {
            return user != null && !user.isBlank() && password != null && !password.isEmpty();
        }

        @Override
        public String toString() {
            // never print the password
            return "Broker[embedded=" + embedded + ", listen=" + listen + ", user=" + user + "]";
        }
    }

    public static class Mappings {
        private String dir = "routes/mappings";
        private Duration reloadCheckInterval = Duration.ofSeconds(1);

        public String getDir() { return dir; }
        public void setDir(String dir) { this.dir = dir; }
        public Duration getReloadCheckInterval() { return reloadCheckInterval; }
        public void setReloadCheckInterval(Duration reloadCheckInterval) { this.reloadCheckInterval = reloadCheckInterval; }
    }

    /** The gateway's own memory of recently accepted ids; the broker's duplicate detection is the durable one. */
    public static class Duplicates {
        private int cacheSize = 100_000;

        public int getCacheSize() { return cacheSize; }
        public void setCacheSize(int cacheSize) { this.cacheSize = cacheSize; }
    }

    public static class Routes {
        private final RouteReload reload = new RouteReload();

        public RouteReload getReload() { return reload; }
    }

    /** Live edits of the route files (see RouteFileReloader). */
    public static class RouteReload {
        private boolean enabled = true;
        private String directory = "routes";
        private Duration checkInterval = Duration.ofSeconds(1);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getDirectory() { return directory; }
        public void setDirectory(String directory) { this.directory = directory; }
        public Duration getCheckInterval() { return checkInterval; }
        public void setCheckInterval(Duration checkInterval) { this.checkInterval = checkInterval; }
    }
}
