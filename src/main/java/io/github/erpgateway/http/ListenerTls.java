package io.github.erpgateway.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.erpgateway.config.GatewayProperties;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.SSLOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS for the webhook listener (the Visma dispatcher only calls https URLs): a PEM certificate and key, or a PKCS#12
 * key store, TLS 1.2 and 1.3 only. The files are checked every {@code reload-interval}; a renewed certificate is used
 * for new connections without a restart, and a broken renewal is logged while the previous certificate stays in use.
 */
final class ListenerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerTls.class);
    static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    private final GatewayProperties.Tls tls;
    private final List<Path> files = new ArrayList<>();
    private List<Long> stamps;

    ListenerTls(GatewayProperties.Tls tls) {
        this.tls = tls;
        if (!tls.isEnabled()) {
            return;
        }
        if (notBlank(tls.getKeyStore())) {
            files.add(existing("gateway.http.tls.key-store", tls.getKeyStore()));
        } else if (notBlank(tls.getCertificate()) && notBlank(tls.getPrivateKey())) {
            files.add(existing("gateway.http.tls.certificate", tls.getCertificate()));
            files.add(existing("gateway.http.tls.private-key", tls.getPrivateKey()));
        } else {
            throw new IllegalStateException("gateway.http.tls.enabled=true needs gateway.http.tls.certificate and "
                    + "gateway.http.tls.private-key (PEM), or gateway.http.tls.key-store (PKCS#12)");
        }
        stamps = stamps();
    }

    boolean enabled() {
        return tls.isEnabled();
    }

    void configure(HttpServerOptions options) {
        if (!tls.isEnabled()) {
            return;
        }
        options.setSsl(true).setKeyCertOptions(keyCert()).setEnabledSecureTransportProtocols(PROTOCOLS);
        LOG.info("Webhook listener serves TLS ({}) from {}", PROTOCOLS, files);
    }

    /** Re-reads the files on the Vert.x timer when they change. */
    void watch(Vertx vertx, HttpServer server) {
        if (!tls.isEnabled()) {
            return;
        }
        long interval = Math.max(100, tls.getReloadInterval().toMillis());
        vertx.setPeriodic(interval, id -> {
            List<Long> now = stamps();
            if (now.equals(stamps)) {
                return;
            }
            stamps = now;
            SSLOptions fresh = new SSLOptions().setKeyCertOptions(keyCert()).setEnabledSecureTransportProtocols(PROTOCOLS);
            server.updateSSLOptions(fresh, true).onComplete(result -> {
                if (result.succeeded()) {
                    LOG.info("Webhook listener reloaded its TLS certificate from {}", files);
                } else {
                    LOG.warn("Webhook listener could not load the changed TLS files {}; the previous certificate stays in use: {}",
                            files, result.cause().getMessage());
                }
            });
        });
    }

    private KeyCertOptions keyCert() {
        if (notBlank(tls.getKeyStore())) {
            return new PfxOptions().setPath(tls.getKeyStore()).setPassword(tls.getKeyStorePassword());
        }
        return new PemKeyCertOptions().setCertPath(tls.getCertificate()).setKeyPath(tls.getPrivateKey());
    }

    private List<Long> stamps() {
        List<Long> result = new ArrayList<>();
        for (Path file : files) {
            try {
                result.add(Files.getLastModifiedTime(file).toMillis() ^ Files.size(file));
            } catch (IOException e) {
                result.add(-1L);
            }
        }
        return result;
    }

    private static Path existing(String property, String file) {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new IllegalStateException(property + " names " + path.toAbsolutePath() + ", which cannot be read");
        }
        return path;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
