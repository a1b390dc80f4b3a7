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

    /**
     * The webhook listener (Vert.x), kept apart from the management port. It faces the internet, so every resource an
     * unauthenticated sender can hold (connections, buffered bodies, workers, time) has a bound here.
     */
    public static class Http {
        private int port = 8080;
        private String host = "0.0.0.0";
        private int workerThreads = 128;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration bodyTimeout = Duration.ofSeconds(60);
        private int maxConnections = 512;
        private int maxConcurrentRequests = 512;
        private DataSize maxBufferedBodies = DataSize.ofMegabytes(64);
        private DataSize maxHeaderSize = DataSize.ofKilobytes(8);
        private boolean h2c = false;
        private List<String> trustedProxies = new ArrayList<>();
        private final Tls tls = new Tls();

        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getWorkerThreads() { return workerThreads; }
        public void setWorkerThreads(int workerThreads) { this.workerThreads = workerThreads; }
        /** A connection that sends and receives nothing for this long is closed. */
        public Duration getIdleTimeout() { return idleTimeout; }
        public void setIdleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; }
        /** A request whose whole body has not arrived this long after its headers is answered 408 and closed. */
        public Duration getBodyTimeout() { return bodyTimeout; }
        public void setBodyTimeout(Duration bodyTimeout) { this.bodyTimeout = bodyTimeout; }
        /** Open connections at most; one more is closed as soon as it is accepted. */
        public int getMaxConnections() { return maxConnections; }
        public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
        /** Requests received and not yet answered (being read, waiting for a worker, or in a route); past it 503. */
        public int getMaxConcurrentRequests() { return maxConcurrentRequests; }
        public void setMaxConcurrentRequests(int maxConcurrentRequests) { this.maxConcurrentRequests = maxConcurrentRequests; }
        /** Heap all unanswered requests' bodies may take together (declared length, or max-body-bytes when chunked). */
        public DataSize getMaxBufferedBodies() { return maxBufferedBodies; }
        public void setMaxBufferedBodies(DataSize maxBufferedBodies) { this.maxBufferedBodies = maxBufferedBodies; }
        public DataSize getMaxHeaderSize() { return maxHeaderSize; }
        public void setMaxHeaderSize(DataSize maxHeaderSize) { this.maxHeaderSize = maxHeaderSize; }
        /** HTTP/2 over clear text; off unless a load balancer in front needs it. */
        public boolean isH2c() { return h2c; }
        public void setH2c(boolean h2c) { this.h2c = h2c; }
        /** Addresses or CIDR ranges of proxies whose X-Forwarded-For is believed (for the per-source allowlists). */
        public List<String> getTrustedProxies() { return trustedProxies; }
        public void setTrustedProxies(List<String> trustedProxies) { this.trustedProxies = trustedProxies; }
        public Tls getTls() { return tls; }
    }

    /** TLS on the webhook listener: a PEM pair or a PKCS#12 key store, re-read when the files change. */
    public static class Tls {
        private boolean enabled;
        private String certificate;
        private String privateKey;
        private String keyStore;
        private String keyStorePassword;
        private Duration reloadInterval = Duration.ofSeconds(10);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        /** PEM certificate chain file (with private-key). */
        public String getCertificate() { return certificate; }
        public void setCertificate(String certificate) { this.certificate = certificate; }
        /** PEM private key file (PKCS#8 or PKCS#1). */
        public String getPrivateKey() { return privateKey; }
        public void setPrivateKey(String privateKey) { this.privateKey = privateKey; }
        /** PKCS#12 key store file, instead of the PEM pair. */
        public String getKeyStore() { return keyStore; }
        public void setKeyStore(String keyStore) { this.keyStore = keyStore; }
        public String getKeyStorePassword() { return keyStorePassword; }
        public void setKeyStorePassword(String keyStorePassword) { this.keyStorePassword = keyStorePassword; }
        /** How often the files are checked for a change (a renewed certificate is used without a restart). */
        public Duration getReloadInterval() { return reloadInterval; }
        public void setReloadInterval(Duration reloadInterval) { this.reloadInterval = reloadInterval; }

        @Override
        public String toString() {
            return "Tls[enabled=" + enabled + "]"; // never the password
        }
    }

    /**
     * What an inbound source needs from outside the repository: its secrets and where it may post from. How it signs
     * (verification, signature header) and where its event id is are parameters of its route file,
     * routes/&lt;source&gt;.camel.yaml.
     */
    public static class Source {
        private List<String> secrets = new ArrayList<>();
        /** Secrets bound to one tenant: each verifies only events whose mapped tenant is the key. */
        private final Map<String, Tenant> tenants = new LinkedHashMap<>();
        private List<String> allowedIps = new ArrayList<>();

        /**
         * HMAC keys or tokens, comma-separated; any of them verifies (several during a rotation), for every tenant of the
         * source (Visma's one subscription secret covers all its tenants).
         */
        public List<String> getSecrets() { return secrets; }
        public void setSecrets(List<String> secrets) { this.secrets = secrets; }
        /**
         * Secrets bound to one tenant ({@code tenants.<tenant>.secrets}): such a secret verifies only events whose mapped
         * tenant is {@code <tenant>} (the key as the mapping writes the tenant: a Venio webhookName, a Business NXT
         * companyNo, a Visma TenantId); any other event signed with it is refused like a bad signature.
         */
        public Map<String, Tenant> getTenants() { return tenants; }
        /** Every configured secret of the source, source-wide and tenant-bound, trimmed, blanks left out. */
        public java.util.stream.Stream<String> allSecrets() {
            return java.util.stream.Stream.concat(secrets.stream(),
                            tenants.values().stream().flatMap(tenant -> tenant.getSecrets().stream()))
                    .map(String::trim).filter(s -> !s.isEmpty());
        }
        /** Addresses or CIDR ranges this source's webhooks may come from; empty (the default) admits any. */
        public List<String> getAllowedIps() { return allowedIps; }
        public void setAllowedIps(List<String> allowedIps) { this.allowedIps = allowedIps; }

        @Override
        public String toString() {
            // never print the secrets themselves
            return "Source[secrets=" + secrets.size() + ", tenants=" + tenants.size() + "]";
        }
    }

    /** One tenant's own secrets under a source. */
    public static class Tenant {
        /** Secrets that verify only this tenant's events. */
        private List<String> secrets = new ArrayList<>();

        /** Secrets that verify only this tenant's events. */
        public List<String> getSecrets() { return secrets; }
        public void setSecrets(List<String> secrets) { this.secrets = secrets; }

        @Override
        public String toString() {
            return "Tenant[secrets=" + secrets.size() + "]"; // never the secrets themselves
        }
    }

    public static class Broker {
        private boolean embedded = true;
        private String listen = "tcp://127.0.0.1:61616";
        private String dataDir = "data/artemis";
        private int duplicateIdCacheSize = 20_000;
        private DataSize globalMaxSize = DataSize.ofMegabytes(32);
        private DataSize pageSize = DataSize.ofMegabytes(2);
        private JournalType journalType = JournalType.NIO;
        /** Unset: measured at start in the data directory (the time of one write and sync), as artemis create does. */
        private Duration journalBufferTimeout;
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
        public Duration getJournalBufferTimeout() { return journalBufferTimeout; }
        public void setJournalBufferTimeout(Duration journalBufferTimeout) { this.journalBufferTimeout = journalBufferTimeout; }
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
        /** Ids remembered to answer redeliveries without a send; also the number of id-less bodies whose window is remembered. */
        private int cacheSize = 100_000;
        /**
         * How long an identical body without an id (Venio, Business NXT, some Visma payloads) counts as a redelivery of
         * the first: within it the same CloudEvent id and stored once, after it a new event with a new id.
         */
        private Duration bodyHashWindow = Duration.ofSeconds(30);

        /** Ids remembered to answer redeliveries without a send; also the number of id-less bodies whose window is remembered. */
        public int getCacheSize() { return cacheSize; }
        public void setCacheSize(int cacheSize) { this.cacheSize = cacheSize; }
        /**
         * How long an identical body without an id (Venio, Business NXT, some Visma payloads) counts as a redelivery of
         * the first: within it the same CloudEvent id and stored once, after it a new event with a new id. Short enough
         * to keep a user's second identical edit, long enough for a sender's retry of a delivery whose 202 it missed
         * (docs/security/payload.md).
         */
        public Duration getBodyHashWindow() { return bodyHashWindow; }
        public void setBodyHashWindow(Duration bodyHashWindow) { this.bodyHashWindow = bodyHashWindow; }
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
