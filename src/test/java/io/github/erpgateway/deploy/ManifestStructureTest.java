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
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

/**
 * Every document in deploy/k8s read as the Kubernetes API type it names, refusing any field that type does not have:
 * a misspelt field (readinesProbe, readOnlyRootFileSystem) would otherwise be dropped silently by the API server's
 * lenient decoding and never noticed. And what the example must keep: no service-account token in the pods, and a
 * NetworkPolicy that admits the management port from the monitoring namespace only.
 */
class ManifestStructureTest {

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "v1 Service", Service.class,
            "v1 ConfigMap", ConfigMap.class,
            "v1 Secret", Secret.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class);

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

    @Test
    void thePodsMountNoServiceAccountToken() throws Exception {
        Deployment deployment = only(Deployment.class);
        assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .as("automountServiceAccountToken").isFalse();
    }

    /**
     * The policy selects the gateway's pods and admits Ingress by rules only; the management port only from pods of
     * the monitoring namespace, the webhook port only from pods of a named namespace (the ingress controller's), never
     * from an address block or from everybody, and nothing else.
     */
    @Test
    void onlyTheMonitoringNamespaceReachesTheManagementPort() throws Exception {
        Deployment deployment = only(Deployment.class);
        NetworkPolicy policy = only(NetworkPolicy.class);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
        assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
        List<String> containerPorts = new ArrayList<>();
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()
                .forEach(port -> containerPorts.add(port.getName()));

        List<String> admitted = new ArrayList<>();
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            assertThat(rule.getFrom()).as("a rule without peers admits everybody").isNotEmpty();
            assertThat(rule.getPorts()).as("a rule without ports admits every port").isNotEmpty();
            List<String> ports = rule.getPorts().stream().map(p -> name(p.getPort())).toList();
            assertThat(containerPorts).as("ports the gateway's container names").containsAll(ports);
            for (NetworkPolicyPeer peer : rule.getFrom()) {
                assertThat(peer.getIpBlock()).as("an address block admits whatever uses those addresses").isNull();
                assertThat(peer.getNamespaceSelector()).as("peers of one namespace").isNotNull();
                assertThat(peer.getNamespaceSelector().getMatchLabels()).containsKey("kubernetes.io/metadata.name");
                assertThat(peer.getPodSelector()).as("peers: some pods of that namespace").isNotNull();
                if (ports.contains("management")) {
                    assertThat(peer.getNamespaceSelector().getMatchLabels())
                            .containsEntry("kubernetes.io/metadata.name", "monitoring");
                }
            }
            admitted.addAll(ports);
        }
        assertThat(admitted).containsExactlyInAnyOrder("webhooks", "management");
    }

    /**
     * Any address inside a trusted proxy range may name any client in X-Forwarded-For: the example trusts none, and
     * docs/deploy.md says how to trust the ingress controller's pods only.
     */
    @Test
    void theExampleTrustsNoProxyByDefault() throws Exception {
        ConfigMap config = only(ConfigMap.class);
        JsonNode application = new YAMLMapper().readTree(config.getData().get("application.yaml"));
        assertThat(application.at("/gateway/http/trusted-proxies").isMissingNode())
                .as("gateway.http.trusted-proxies in deploy/k8s/config.yaml").isTrue();
    }

    private static String name(IntOrString port) {
        return port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal());
    }

    private static <T extends HasMetadata> T only(Class<T> type) throws Exception {
        List<T> found = new ArrayList<>();
        try (Stream<Path> all = Files.list(Path.of("deploy/k8s"))) {
            for (Path file : all.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
                    for (JsonNode document : documents.readAll()) {
                        String kind = document.path("apiVersion").asText() + " " + document.path("kind").asText();
                        if (TYPES.get(kind) == type) {
                            found.add(STRICT.treeToValue(document, type));
                        }
                    }
                }
            }
        }
        assertThat(found).as(type.getSimpleName() + " in deploy/k8s").hasSize(1);
        return found.get(0);
    }
}
