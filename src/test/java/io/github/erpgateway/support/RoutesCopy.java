package io.github.erpgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.springframework.test.context.DynamicPropertyRegistry;

/** A private copy of the product's routes/ and mappings a test may add to or edit while the gateway runs. */
public final class RoutesCopy {

    public final Path routes;
    public final Path mappings;

    private RoutesCopy(Path routes, Path mappings) {
        this.routes = routes;
        this.mappings = mappings;
    }

    public static RoutesCopy create(String name) throws IOException {
        Path routes = Files.createTempDirectory(Files.createDirectories(Path.of("target")), name).toAbsolutePath();
        Path mappings = Files.createDirectories(routes.resolve("mappings"));
        copyAll(Path.of("routes"), routes, "*.camel.yaml");
        copyAll(Path.of("routes/mappings"), mappings, "*.jsonata");
        return new RoutesCopy(routes, mappings);
    }

    /** Points the gateway at this copy: routes, route reloading and mappings. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:" + routes + "/*.camel.yaml");
        registry.add("gateway.routes.reload.directory", routes::toString);
        registry.add("gateway.mappings.dir", mappings::toString);
    }

    private static void copyAll(Path from, Path to, String glob) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            files.filter(f -> f.getFileSystem().getPathMatcher("glob:" + glob).matches(f.getFileName())).forEach(f -> {
                try {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
