package io.github.erpgateway.reload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.erpgateway.config.GatewayProperties;
import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Live edits of the route files. Camel's own reload stops a file's routes before it parses the new version, so a
 * broken edit (or an editor's half-written file) takes the source offline. This watcher instead loads a changed file
 * only once it has stopped changing, replaces the routes by id, and if the new version fails to parse or start it
 * logs why and loads the last good version again, so the running routes stay. A new file is a new source, live.
 * Removing a route from a file takes effect at the next restart.
 */
@Component
public class RouteFileReloader implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReloader.class);
    private static final String SUFFIX = ".camel.yaml";

    private final GatewayProperties.RouteReload settings;
    private final Map<Path, Seen> seen = new HashMap<>();
    private ScheduledExecutorService watcher;
    private CamelContext context;

    public RouteFileReloader(GatewayProperties properties) {
        this.settings = properties.getRoutes().getReload();
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // nothing before start: the routes are loaded by camel.main.routes-include-pattern
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        if (!settings.isEnabled()) {
            return;
        }
        this.context = camelContext;
        Path dir = Path.of(settings.getDirectory()).toAbsolutePath().normalize();
        forEachRouteFile(dir, file -> seen.put(file, Seen.of(file)));
        watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "route-file-reloader");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.getCheckInterval().toMillis();
        watcher.scheduleWithFixedDelay(() -> scan(dir), interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("Watching {} for route file edits", dir);
    }

    @PreDestroy
    void stopWatching() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    private synchronized void scan(Path dir) {
        try {
            forEachRouteFile(dir, this::reloadIfChanged);
        } catch (RuntimeException e) {
            LOG.warn("Route file scan failed: {}", e.getMessage());
        }
    }

    private void reloadIfChanged(Path file) {
        Seen before = seen.get(file);
        Seen now = Seen.of(file);
        if (now == null || (before != null && before.modified.equals(now.modified) && before.size == now.size)) {
            return;
        }
        // an editor may still be writing: wait until the file has been quiet for one check interval
        if (now.modified.toInstant().isAfter(Instant.now().minus(settings.getCheckInterval())) || now.size == 0) {
            return;
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Cannot read edited route file {}: {}", file, e.getMessage());
            return;
        }
        String previous = before == null ? null : before.content;
        seen.put(file, now.withContent(content));
        try {
            Set<String> routeIds = update(file, content);
            LOG.info("Reloaded route file {}: routes {}", file.getFileName(), routeIds);
        } catch (Exception e) {
            LOG.error("Rejected the edit of route file {}: {}. The previous version keeps running.", file.getFileName(),
                    rootMessage(e));
            if (previous != null) {
                try {
                    update(file, previous);
                } catch (Exception restore) {
                    LOG.error("Could not restore the previous version of {}: {}", file.getFileName(), rootMessage(restore));
                }
            }
        }
    }

    /**
     * What RoutesLoader.updateRoutes does, plus the file's templatedRoutes, which it leaves out (Camel 4.18): their routes
     * are made again from the template, replacing the running ones of the same id. A route that does not start fails
     * the edit.
     */
    private Set<String> update(Path file, String content) throws Exception {
        RoutesLoader loader = PluginHelper.getRoutesLoader(context);
        Resource resource = ResourceHelper.fromString("file:" + file, content);
        Collection<RoutesBuilder> builders = loader.findRoutesBuilders(resource);
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteConfigurationsBuilder configurations) {
                configurations.updateRouteConfigurationsToCamelContext(context);
            }
        }
        Set<String> ids = new LinkedHashSet<>();
        for (RoutesBuilder builder : builders) {
            ids.addAll(builder.updateRoutesToCamelContext(context));
            if (builder instanceof RouteBuilder routes) {
                routes.addTemplatedRoutesToCamelContext(context);
                for (TemplatedRouteDefinition templated : routes.getTemplatedRouteCollection().getTemplatedRoutes()) {
                    ids.add(templated.getRouteId() != null ? templated.getRouteId() : templated.getRouteTemplateRef() + " route");
                }
            }
        }
        for (org.apache.camel.Route route : context.getRoutes()) {
            if (ids.contains(route.getRouteId()) && !context.getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                throw new FailedToStartRouteException(route.getRouteId(), "it did not start");
            }
        }
        return ids;
    }

    private static void forEachRouteFile(Path dir, java.util.function.Consumer<Path> action) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            files.forEach(action);
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", dir, e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }

    /** What a route file looked like when last loaded. */
    private record Seen(FileTime modified, long size, String content) {

        static Seen of(Path file) {
            try {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                return new Seen(Files.getLastModifiedTime(file), Files.size(file), content);
            } catch (IOException e) {
                return null;
            }
        }

        Seen withContent(String text) {
            return new Seen(modified, size, text);
        }
    }
}
