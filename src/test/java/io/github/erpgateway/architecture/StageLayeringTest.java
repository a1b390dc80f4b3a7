package io.github.erpgateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The intake stages (http → intake → mapping → publish → broker, with the configuration, routing and reply they share)
 * never import a feature built on top of them (enrichment, replay, reconciliation, lookup, dry run, tracing, ...): a
 * feature hooks in through a route step, a bean or the broker fragment, so the stages stay readable and testable alone.
 */
class StageLayeringTest {

    private static final Path SOURCES = Path.of("src/main/java/io/github/erpgateway");
    private static final Set<String> STAGES =
            Set.of("config", "http", "intake", "mapping", "publish", "broker", "routing", "reply");
    private static final Pattern GATEWAY_IMPORT =
            Pattern.compile("^import (?:static )?io\\.github\\.erpgateway\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void noStageImportsAFeature() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String stage : STAGES) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(stage))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher imported = GATEWAY_IMPORT.matcher(Files.readString(file));
                    while (imported.find()) {
                        if (!STAGES.contains(imported.group(1))) {
                            violations.add(SOURCES.relativize(file) + " imports " + imported.group(1));
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyStageExists() {
        // a renamed stage would make the check above pass on nothing
        assertThat(STAGES).allMatch(stage -> Files.isDirectory(SOURCES.resolve(stage)));
    }
}
