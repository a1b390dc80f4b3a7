package io.github.erpgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * Sets a parameter of the templatedRoute in the copy of {@code routes/<source>.camel.yaml}, as an operator edits it
     * (e.g. {@code verification} to {@code token}); the parameter must be written in the file already.
     */
    public RoutesCopy withTemplateParameter(String source, String name, String value) throws IOException {
        Path file = routes.resolve(source + ".camel.yaml");
        String yaml = Files.readString(file);
        Matcher parameter = Pattern.compile("(- name: " + Pattern.quote(name) + "\\s+(?:#[^\\n]*\\s+)*value: )[^\\n]*")
                .matcher(yaml);
        if (!parameter.find()) {
            throw new IllegalArgumentException(file + " has no template parameter " + name);
        }
        Files.writeString(file, parameter.replaceFirst("$1" + Matcher.quoteReplacement(value)));
        return this;
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
