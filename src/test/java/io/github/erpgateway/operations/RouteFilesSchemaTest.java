package io.github.erpgateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route file is valid Camel YAML DSL for the Camel version in use (the JSON schema shipped inside camel-yaml-dsl,
 * the one Kaoto and the IDE plugins use), and every route has an id and a description so Hawtio shows real names.
 */
class RouteFilesSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchemaOfTheCamelInUse() throws IOException {
        try (InputStream in = RouteFilesSchemaTest.class.getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            assertThat(in).as("camelYamlDsl.json from camel-yaml-dsl").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    static Stream<Path> routeFiles() throws IOException {
        return Stream.of(Path.of("routes"), Path.of("docs/examples/adding-a-source"), Path.of("bench/routes"))
                .filter(Files::isDirectory)
                .flatMap(dir -> {
                    try {
                        return Files.list(dir).filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList().stream();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void isValidCamelYamlDsl(Path file) throws IOException {
        Set<ValidationMessage> errors = schema.validate(YAML.readTree(file.toFile()));

        assertThat(errors).as(file + " against the Camel YAML DSL schema").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void everyRouteHasAnIdAndADescription(Path file) throws IOException {
        JsonNode content = YAML.readTree(file.toFile());
        List<JsonNode> routes = content.findValues("route");
        // a template's route gets its id from each templatedRoute (routeId)
        List<JsonNode> templateRoutes = content.findValues("routeTemplate").stream().map(t -> t.path("route")).toList();

        for (JsonNode route : routes) {
            if (route.has("from")) {
                if (!templateRoutes.contains(route)) {
                    assertThat(route.path("id").asText()).as("route id in " + file).isNotBlank();
                }
                assertThat(route.path("description").asText()).as("description of " + route.path("id") + " in " + file).isNotBlank();
            }
        }
        for (JsonNode templated : content.findValues("templatedRoute")) {
            assertThat(templated.path("routeId").asText()).as("routeId of a templatedRoute in " + file).isNotBlank();
        }
        assertThat(routes).as("routes in " + file).isNotEmpty();
    }

    @org.junit.jupiter.api.Test
    void rejectsAFileThatIsNotCamelYamlDsl() throws IOException {
        JsonNode broken = YAML.readTree("- route:\n    id: x\n    from:\n      uri: direct:x\n      steps:\n        - setPropertyy: {name: a}\n");

        assertThat(schema.validate(broken)).isNotEmpty();
    }
}
