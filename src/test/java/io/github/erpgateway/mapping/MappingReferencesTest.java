package io.github.erpgateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every mapping a route names exists, and every mapping file is named by a route: no typo, no dead file. */
class MappingReferencesTest {

    private static final Pattern NAMED = Pattern.compile("([A-Za-z0-9._-]+\\.jsonata)");

    @Test
    void routesAndMappingFilesMatch() throws IOException {
        assertThat(named(Path.of("routes"))).isEqualTo(files(Path.of("routes", "mappings")));
    }

    @Test
    void theAddingASourceExampleNamesItsOwnMapping() throws IOException {
        Path example = Path.of("docs", "examples", "adding-a-source");
        assertThat(named(example)).isEqualTo(files(example));
    }

    private static Set<String> named(Path dir) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> routes = Files.list(dir)) {
            for (Path route : routes.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                Matcher matcher = NAMED.matcher(Files.readString(route));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new TreeSet<>(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".jsonata")).toList());
        }
    }
}
