package io.github.erpgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

/**
 * Every document in deploy/k8s read as the Kubernetes API type it names, refusing any field that type does not have:
 * a misspelt field (readinesProbe, readOnlyRootFileSystem) would otherwise be dropped silently by the API server's
 * lenient decoding and never noticed.
 */
class ManifestStructureTest {

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "v1 Service", Service.class,
            "v1 ConfigMap", ConfigMap.class,
            "v1 Secret", Secret.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class);

    /** The Kubernetes model keeps unknown fields in additionalProperties; without that catch-all they are errors. */
    private static final ObjectMapper STRICT = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                        BeanDeserializerBuilder builder) {
                    if (description.getBeanClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
                        builder.setAnySetter(null);
                    }
                    return builder;
                }
            }))
            .build();

    @Test
    void everyManifestIsAValidKubernetesObjectWithNoUnknownField() throws Exception {
        List<Path> files;
        try (Stream<Path> all = Files.list(Path.of("deploy/k8s"))) {
            files = all.filter(f -> f.getFileName().toString().matches(".*\\.yaml(\\.example)?")
                    && !f.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        }
        List<String> kinds = new ArrayList<>();
        for (Path file : files) {
            try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
                for (JsonNode document : documents.readAll()) {
                    String kind = document.path("apiVersion").asText() + " " + document.path("kind").asText();
                    assertThat(TYPES).as(file + ": " + kind).containsKey(kind);
                    HasMetadata object = STRICT.treeToValue(document, TYPES.get(kind));
                    assertThat(object.getMetadata().getName()).as(file + " metadata.name").isNotBlank();
                    kinds.add(kind);
                }
            }
        }
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(TYPES.keySet());
    }

    @Test
    void kustomizationListsEveryManifestButTheSecretExample() throws Exception {
        JsonNode kustomization = new YAMLMapper().readTree(Path.of("deploy/k8s/kustomization.yaml").toFile());
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        List<String> manifests;
        try (Stream<Path> all = Files.list(Path.of("deploy/k8s"))) {
            manifests = all.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).sorted().toList();
        }
        assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
    }
}
