package io.github.erpgateway.mapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.DirectoryStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import com.dashjoin.jsonata.Jsonata;
import io.github.erpgateway.config.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the JSONata mapping files kept beside the routes. Each file is compiled once per worker thread (a compiled
 * dashjoin expression is not thread-safe) and recompiled when the file changes, so an edit is live without a
 * restart. A background check looks at the files once per interval; an edit that does not compile is rejected with
 * a log line at once and the previous version keeps running. Nothing on the request path touches the file system.
 */
@Component("mappings")
public class MappingEngine {

    private static final Logger LOG = LoggerFactory.getLogger(MappingEngine.class);

    private final Path dir;
    private final Map<String, MappingFile> files = new ConcurrentHashMap<>();
    private final ThreadLocal<Map<String, Compiled>> perThread = ThreadLocal.withInitial(HashMap::new);

    private final ScheduledExecutorService checker;

    public MappingEngine(GatewayProperties properties) {
        this.dir = Path.of(properties.getMappings().getDir()).toAbsolutePath().normalize();
        long interval = properties.getMappings().getReloadCheckInterval().toMillis();
        preloadAll();
        checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mapping-reloader");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(() -> files.values().forEach(MappingFile::reloadIfChanged), interval, interval,
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopChecking() {
        checker.shutdownNow();
    }

    /** Compiles every mapping at start-up, so a broken file is reported before the first event needs it. */
    private void preloadAll() {
        if (!Files.isDirectory(dir)) {
            LOG.warn("Mappings directory {} does not exist", dir);
            return;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "*.jsonata")) {
            for (Path file : all) {
                String name = file.getFileName().toString();
                try {
                    files.put(name, load(name));
                } catch (MappingException e) {
                    LOG.error("{}; events routed to it will be dead-lettered until it is fixed", e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list mappings in {}: {}", dir, e.getMessage());
        }
    }

    /** Evaluates mapping {@code name} (a file in the mappings directory) on {@code input}, with {@code $variables} bound. */
    public Object evaluate(String name, Object input, Map<String, Object> variables) {
        MappingFile file = files.computeIfAbsent(name, this::load);
        Version version = file.version;
        Compiled compiled = perThread.get().get(name);
        if (compiled == null || compiled.version != version) {
            compiled = new Compiled(version, compile(name, version.text));
            perThread.get().put(name, compiled);
        }
        Jsonata.Frame frame = compiled.expression.createFrame();
        variables.forEach(frame::bind);
        try {
            return compiled.expression.evaluate(input, frame);
        } catch (RuntimeException e) {
            throw new MappingException("mapping " + name + " failed: " + e.getMessage(), e);
        }
    }

    private MappingFile load(String name) {
        Path path = dir.resolve(name).normalize();
        if (!path.startsWith(dir)) {
            throw new MappingException("mapping " + name + " is outside " + dir);
        }
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            String text = Files.readString(path, StandardCharsets.UTF_8);
            compile(name, text);
            LOG.info("Loaded mapping {}", name);
            return new MappingFile(name, path, new Version(text, modified));
        } catch (IOException e) {
            throw new MappingException("mapping " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Jsonata compile(String name, String text) {
        try {
            Jsonata expression = Jsonata.jsonata(text);
            BuiltInShortcuts.registerAll(expression);
            MappingFunctions.registerAll(expression);
            return expression;
        } catch (RuntimeException e) {
            throw new MappingException("mapping " + name + " does not compile: " + e.getMessage(), e);
        }
    }

    private record Version(String text, FileTime modified) {
    }

    private record Compiled(Version version, Jsonata expression) {
    }

    /** One mapping file and the version of it in use. */
    private final class MappingFile {
        private final String name;
        private final Path path;
        private volatile Version version;

        MappingFile(String name, Path path, Version version) {
            this.name = name;
            this.path = path;
            this.version = version;
        }

        synchronized void reloadIfChanged() {
            try {
                FileTime modified = Files.getLastModifiedTime(path);
                if (modified.equals(version.modified)) {
                    return;
                }
                String text = Files.readString(path, StandardCharsets.UTF_8);
                compile(name, text);
                version = new Version(text, modified);
                LOG.info("Reloaded mapping {}", name);
            } catch (IOException | MappingException e) {
                LOG.error("Rejected the edit of mapping {}; the previous version stays in use: {}", name, e.getMessage());
                // remember the rejected file time so the broken file is not recompiled on every check
                try {
                    version = new Version(version.text, Files.getLastModifiedTime(path));
                } catch (IOException ignored) {
                    // the file is gone: keep the last good version
                }
            }
        }
    }
}
