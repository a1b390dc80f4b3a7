package io.github.erpgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.erpgateway.support.SourceEventsRoutes;
import io.github.erpgateway.support.TestSources;
import org.junit.jupiter.api.Test;

/**
 * The list of events in docs/canonical-event.md is made from the route files, so it cannot drift from them: every
 * {@code when} of every source with the mapping it sets and the routing keys it accepts. After a route change, run
 * {@code ./mvnw test -Dtest=DocumentedEventsTest -Ddocs.update=true} and commit the rewritten section.
 */
class DocumentedEventsTest {

    private static final Path DOC = Path.of("docs/canonical-event.md");
    private static final String BEGIN = "<!-- events:begin - made from routes/*.camel.yaml by DocumentedEventsTest "
            + "(-Ddocs.update=true rewrites it) -->";
    private static final String END = "<!-- events:end -->";

    @Test
    void theDocumentedEventsAreTheRouteFilesEvents() throws Exception {
        String generated;
        try (SourceEventsRoutes routes = new SourceEventsRoutes(Path.of("routes"), TestSources.inRoutes())) {
            generated = eventsSection(routes);
        }
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            fail("%s has no section between %s and %s", DOC, BEGIN, END);
        }
        String current = doc.substring(begin + BEGIN.length(), end);
        if (Boolean.getBoolean("docs.update")) {
            if (!current.equals(generated)) {
                Files.writeString(DOC, doc.substring(0, begin + BEGIN.length()) + generated + doc.substring(end));
                System.out.println("docs.update wrote " + DOC);
            }
            return;
        }
        assertThat(current).as("%s lists other events than routes/*.camel.yaml accept: run ./mvnw test "
                + "-Dtest=DocumentedEventsTest -Ddocs.update=true and review the diff", DOC).isEqualTo(generated);
    }

    private static String eventsSection(SourceEventsRoutes routes) {
        StringBuilder section = new StringBuilder("\n");
        for (String source : TestSources.inRoutes()) {
            section.append("\n**`").append(source).append("`** (`routes/").append(source).append(".camel.yaml`)\n\n")
                    .append("| `when` | mapping | routing keys it accepts |\n|---|---|---|\n");
            for (SourceEventsRoutes.When when : routes.whens(source)) {
                String accepted = when.routingKeys()
                        .map(keys -> keys.size() + ": " + String.join(", ", keys.stream().map(k -> "`" + k + "`").toList()))
                        .orElse("`" + when.simple().strip().replace("|", "\\|") + "`");
                section.append("| `").append(when.id()).append("` | `").append(when.mapping()).append("` | ")
                        .append(accepted).append(" |\n");
            }
        }
        return section.append("\n").toString();
    }

    @Test
    void expandsOnlyFiniteAlternations() {
        assertThat(io.github.erpgateway.support.RegexAlternatives.of("(?x) customer(created|updated)\n | voucher"))
                .containsExactly("customercreated", "customerupdated", "voucher");
        assertThat(io.github.erpgateway.support.RegexAlternatives.of("background(api)?responseready"))
                .containsExactly("backgroundapiresponseready", "backgroundresponseready");
        assertThat(io.github.erpgateway.support.RegexAlternatives.of("quotation\\.(create|edit)"))
                .isEqualTo(List.of("quotation.create", "quotation.edit"));
        for (String infinite : List.of("customer.*", "a+", "[ab]c", "a{2}")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.github.erpgateway.support.RegexAlternatives.of(infinite))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
