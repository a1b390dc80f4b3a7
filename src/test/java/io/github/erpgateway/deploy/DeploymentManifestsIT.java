package io.github.erpgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.erpgateway.config.GatewayProperties;
import io.github.erpgateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.ApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * deploy/k8s and deploy/compose against the application: every port is the application's default, every probe and
 * scrape path answers on the running gateway's management port, every environment variable and configuration key
 * names a property that a @ConfigurationProperties class of the started gateway binds (with a value it converts), the
 * mounts are where the gateway reads routes/ and config/ from the image's working directory, and every Secret key and
 * ConfigMap the Deployment refers to exists.
 */
class DeploymentManifestsIT extends GatewayTestSupport {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path K8S = Path.of("deploy/k8s");
    private static final Path COMPOSE = Path.of("deploy/compose/compose.yaml");
    private static final String IMAGE = "erp-webhook-gateway";
    /** The gateway's defaults are its properties classes' initialisers, not the test context's overrides. */
    private static final GatewayProperties DEFAULTS = new GatewayProperties();

    @Autowired
    private ApplicationContext context;

    @Test
    void twoReplicasProbedOnTheManagementPortWithPathsTheGatewayAnswers() throws Exception {
        JsonNode deployment = manifest("Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode container = gatewayContainer(deployment);
        Map<String, Integer> ports = containerPorts(container);
        assertThat(ports).containsEntry("webhooks", defaultWebhookPort()).containsEntry("management", defaultManagementPort());

        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(port(get.path("port"), ports)).as(probe + " port").isEqualTo(defaultManagementPort());
            assertThat(getManagement(get.path("path").asText()).statusCode()).as(probe + " " + get.path("path")).isEqualTo(200);
        }
        JsonNode annotations = deployment.at("/spec/template/metadata/annotations");
        assertThat(annotations.path("prometheus.io/port").asInt()).isEqualTo(defaultManagementPort());
        assertThat(getManagement(annotations.path("prometheus.io/path").asText()).statusCode()).isEqualTo(200);

        JsonNode service = manifest("Service");
        for (JsonNode port : service.at("/spec/ports")) {
            assertThat(port(port.path("targetPort"), ports)).as("Service targets the webhook port").isEqualTo(defaultWebhookPort());
        }
        JsonNode budget = manifest("PodDisruptionBudget");
        assertThat(budget.at("/spec/minAvailable").asInt()).isBetween(1, 1);
        assertThat(budget.at("/spec/selector/matchLabels")).isEqualTo(deployment.at("/spec/template/metadata/labels"));
        assertThat(service.at("/spec/selector")).isEqualTo(deployment.at("/spec/template/metadata/labels"));
    }

    @Test
    void everyVariableAndKeyTheyConfigureIsAPropertyTheGatewayBinds() throws Exception {
        List<String> problems = new ArrayList<>();
        JsonNode container = gatewayContainer(manifest("Deployment"));
        Map<String, String> k8sEnv = new LinkedHashMap<>();
        container.path("env").forEach(env -> k8sEnv.put(env.get("name").asText(), env.path("value").asText("from-secret")));
        checkEnvironment("deploy/k8s/deployment.yaml", k8sEnv, problems);

        JsonNode applicationYaml = YAML.readTree(manifest("ConfigMap").at("/data").path("application.yaml").asText());
        Map<String, Object> keys = new LinkedHashMap<>();
        flatten("", applicationYaml, keys);
        assertThat(keys).isNotEmpty();
        check("deploy/k8s/config.yaml application.yaml", new MapPropertySource("manifest", keys), problems);

        List<Map<String, String>> composeEnv = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : gatewayServices().entrySet()) {
            Map<String, String> env = new LinkedHashMap<>();
            service.getValue().path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            checkEnvironment("deploy/compose/compose.yaml " + service.getKey(), env, problems);
            composeEnv.add(env);
        }
        assertThat(problems).isEmpty();
        for (Map<String, String> env : composeEnv) {
            assertThat(env).containsEntry("GATEWAY_BROKER_EMBEDDED", "false").containsKey("SPRING_ARTEMIS_BROKER_URL");
        }
        assertThat(k8sEnv).containsEntry("GATEWAY_BROKER_EMBEDDED", "false")
                .containsKeys("SPRING_ARTEMIS_BROKER_URL", "SPRING_ARTEMIS_USER", "SPRING_ARTEMIS_PASSWORD",
                        "GATEWAY_SOURCES_VISMANET_SECRETS");
    }

    @Test
    void routesAndConfigAreMountedWhereTheGatewayReadsThem() throws Exception {
        String workingDir = imageWorkingDirectory();
        String routes = workingDir + "/" + routesDirectory();
        String config = workingDir + "/config"; // Spring Boot reads ./config/application.yaml
        String data = workingDir + "/" + DEFAULTS.getBroker().getDataDir().split("/")[0];

        JsonNode deployment = manifest("Deployment");
        JsonNode container = gatewayContainer(deployment);
        Map<String, String> mounts = new LinkedHashMap<>(); // path -> volume
        container.path("volumeMounts").forEach(m -> mounts.put(m.get("mountPath").asText(), m.get("name").asText()));
        assertThat(mounts).containsKeys(routes, config, data, "/tmp");
        String mappings = null;
        for (JsonNode env : container.path("env")) {
            if (env.get("name").asText().equals("GATEWAY_MAPPINGS_DIR")) {
                mappings = env.get("value").asText();
            }
        }
        assertThat(mounts).as("GATEWAY_MAPPINGS_DIR is a mount").containsKey(mappings);
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        deployment.at("/spec/template/spec/volumes").forEach(v -> volumes.put(v.get("name").asText(), v));
        assertThat(volumes.get(mounts.get(routes)).has("configMap")).as("routes from a ConfigMap").isTrue();
        assertThat(volumes.get(mounts.get(mappings)).has("configMap")).as("mappings from a ConfigMap").isTrue();

        // every ConfigMap is in the manifests or made by the command the manifests give; every Secret key exists
        Set<String> secretKeys = new TreeSet<>();
        YAML.readTree(K8S.resolve("secret.yaml.example").toFile()).path("stringData").fieldNames().forEachRemaining(secretKeys::add);
        String configMaps = Files.readString(K8S.resolve("config.yaml"));
        List<String> problems = new ArrayList<>();
        walk(deployment, (key, node) -> {
            if (key.equals("configMap") && !configMaps.contains("name: " + node.get("name").asText())
                    && !configMaps.contains("kubectl create configmap " + node.get("name").asText() + " ")) {
                problems.add("ConfigMap " + node.get("name").asText() + " is neither in config.yaml nor made by a command there");
            }
            if (key.equals("secretKeyRef") && !secretKeys.contains(node.get("key").asText())) {
                problems.add("Secret key " + node.get("key").asText() + " is not in secret.yaml.example");
            }
            if (key.equals("secret")) {
                node.path("items").forEach(item -> {
                    if (!secretKeys.contains(item.get("key").asText())) {
                        problems.add("Secret key " + item.get("key").asText() + " is not in secret.yaml.example");
                    }
                });
            }
        });
        assertThat(problems).isEmpty();
        assertThat(configMaps).containsPattern("--from-file=" + routesDirectory() + "/\\s")
                .containsPattern("--from-file=" + routesDirectory() + "/mappings/\\s");

        for (Map.Entry<String, JsonNode> service : gatewayServices().entrySet()) {
            List<String> targets = new ArrayList<>();
            service.getValue().path("volumes").forEach(v -> targets.add(v.asText().split(":")[1]));
            service.getValue().path("tmpfs").forEach(v -> targets.add(v.asText()));
            assertThat(targets).as(service.getKey()).contains(routes, config, data, "/tmp");
            List<Integer> containerPorts = new ArrayList<>();
            service.getValue().path("ports").forEach(p -> {
                String[] parts = p.asText().split(":");
                containerPorts.add(Integer.parseInt(parts[parts.length - 1]));
            });
            assertThat(containerPorts).as(service.getKey()).containsExactly(defaultWebhookPort(), defaultManagementPort());
        }
    }

    @Test
    void memoryLimitFitsTheHeapAndTheComposeFileRunsABrokerPair() throws Exception {
        JsonNode container = gatewayContainer(manifest("Deployment"));
        String heap = null;
        for (JsonNode env : container.path("env")) {
            if (env.get("name").asText().equals("JAVA_TOOL_OPTIONS")) {
                heap = env.get("value").asText();
            }
        }
        Matcher xmx = Pattern.compile("-Xmx(\\d+)m").matcher(String.valueOf(heap));
        assertThat(xmx.find()).as("JAVA_TOOL_OPTIONS sets -Xmx").isTrue();
        long heapMiB = Long.parseLong(xmx.group(1));
        long limitMiB = mebibytes(container.at("/resources/limits/memory").asText());
        assertThat(limitMiB).as("room for metaspace, threads, direct buffers beside the heap").isGreaterThanOrEqualTo(heapMiB + 200);
        assertThat(mebibytes(container.at("/resources/requests/memory").asText())).isEqualTo(limitMiB);

        JsonNode services = YAML.readTree(COMPOSE.toFile()).path("services");
        List<String> brokers = new ArrayList<>();
        for (String broker : runningBrokers(services)) {
            brokers.add(String.join(" ", arguments(services.path(broker + "-create").path("entrypoint"))));
        }
        assertThat(brokers).hasSize(2);
        assertThat(brokers).filteredOn(args -> args.contains("--backup")).hasSize(1);
        assertThat(gatewayServices()).hasSize(2);
        String brokerUrl = gatewayServices().values().iterator().next().at("/environment/SPRING_ARTEMIS_BROKER_URL").asText();
        for (String broker : runningBrokers(services)) {
            assertThat(brokerUrl).contains("tcp://" + broker + ":61616");
        }
    }

    /**
     * The compose brokers run no web console (on 0.0.0.0, with --relax-jolokia, it gave every container on the network
     * the broker's Jolokia) and publish no port; their cluster connection has a password of its own, from .env.
     */
    @Test
    void theComposeBrokersServeNoConsoleAndKeepTheClusterPasswordApart() throws Exception {
        JsonNode services = YAML.readTree(COMPOSE.toFile()).path("services");
        Set<String> clusterPasswords = new TreeSet<>();
        for (String broker : runningBrokers(services)) {
            assertThat(services.path(broker).has("ports")).as(broker + " publishes a port").isFalse();
            List<String> args = arguments(services.path(broker + "-create").path("entrypoint"));
            assertThat(args).as(broker).contains("--no-web").doesNotContain("--relax-jolokia", "--http-host");
            String password = args.get(args.indexOf("--password") + 1);
            String clusterPassword = args.get(args.indexOf("--cluster-password") + 1);
            assertThat(clusterPassword).as(broker + " cluster password").startsWith("${BROKER_CLUSTER_PASSWORD")
                    .doesNotContain("BROKER_PASSWORD}").isNotEqualTo(password);
            clusterPasswords.add(clusterPassword);
        }
        assertThat(clusterPasswords).as("one cluster password for the pair").hasSize(1);
        String env = Files.readString(COMPOSE.resolveSibling(".env.example"));
        assertThat(env).containsPattern("(?m)^BROKER_CLUSTER_PASSWORD=").containsPattern("(?m)^BROKER_PASSWORD=");
    }

    /** The NetworkPolicy admits exactly the gateway's two ports, by the names the Deployment gives them. */
    @Test
    void theNetworkPolicyAdmitsTheWebhookAndManagementPortsOnly() throws Exception {
        Map<String, Integer> ports = containerPorts(gatewayContainer(manifest("Deployment")));
        List<Integer> admitted = new ArrayList<>();
        for (JsonNode rule : manifest("NetworkPolicy").at("/spec/ingress")) {
            for (JsonNode port : rule.path("ports")) {
                admitted.add(port(port.path("port"), ports));
            }
        }
        assertThat(admitted).containsExactlyInAnyOrder(defaultWebhookPort(), defaultManagementPort());
        assertThat(manifest("NetworkPolicy").at("/spec/podSelector/matchLabels"))
                .isEqualTo(manifest("Deployment").at("/spec/template/metadata/labels"));
    }

    /** The Artemis services that run a broker: each has its {@code <name>-create} service. */
    private static List<String> runningBrokers(JsonNode services) {
        List<String> brokers = new ArrayList<>();
        services.fields().forEachRemaining(s -> {
            if (s.getValue().path("image").asText().startsWith("apache/activemq-artemis")
                    && services.has(s.getKey() + "-create")) {
                brokers.add(s.getKey());
            }
        });
        return brokers;
    }

    /**
     * Each compose broker gets config/artemis/broker-gateway.xml and the broker plugin the way the suite's brokers get
     * them (BrokerFragment on the instance `artemis create` made), before it starts; and every path, volume and class
     * those steps name exists.
     */
    @Test
    void theComposeBrokersGetTheShippedFragmentLikeTheSuite() throws Exception {
        JsonNode compose = YAML.readTree(COMPOSE.toFile());
        JsonNode services = compose.path("services");
        List<String> running = runningBrokers(services);
        assertThat(running).containsExactlyInAnyOrder("artemis-primary", "artemis-backup");
        for (String broker : running) {
            JsonNode run = services.path(broker);
            JsonNode create = services.path(broker + "-create");
            JsonNode fragment = services.path(broker + "-fragment");
            assertThat(run.at("/depends_on/" + broker + "-fragment/condition").asText()).isEqualTo("service_completed_successfully");
            assertThat(fragment.at("/depends_on/" + broker + "-create/condition").asText()).isEqualTo("service_completed_successfully");

            List<String> createArgs = arguments(create.path("entrypoint"));
            assertThat(createArgs.subList(0, 2)).containsExactly("/opt/activemq-artemis/bin/artemis", "create");
            String instance = createArgs.get(2);
            String instanceVolume = volumeAt(create, instance);
            assertThat(volumeAt(run, instance)).as(broker + " runs the instance its -create service made").isEqualTo(instanceVolume);
            assertThat(volumeAt(fragment, instance)).as(broker + "-fragment edits that instance").isEqualTo(instanceVolume);
            String data = createArgs.get(createArgs.indexOf("--data") + 1);
            assertThat(volumeAt(run, data)).as(broker + " journal").isEqualTo("artemis-journal");
            assertThat(createArgs.get(createArgs.indexOf("--host") + 1)).isEqualTo(broker);

            assertThat(fragment.path("image").asText()).startsWith(IMAGE + ":");
            List<String> tool = arguments(fragment.path("entrypoint"));
            assertThat(tool.get(0)).isEqualTo("java");
            assertThat(Class.forName(tool.get(3)).getMethod("main", String[].class)).isNotNull();
            assertThat(tool.get(3)).isEqualTo(io.github.erpgateway.broker.BrokerFragment.class.getName());
            assertThat(tool.get(4)).isEqualTo(instance + "/etc/broker.xml");
            assertThat(tool.get(6)).isEqualTo(instance + "/lib");
            // the fragment it applies is the repository's own file, mounted from config/
            String fragmentFile = tool.get(5);
            Path hostFile = hostPath(fragment, fragmentFile);
            assertThat(hostFile).as(fragmentFile + " on the host").isNotNull();
            assertThat(hostFile.normalize()).isEqualTo(Path.of("config/artemis/broker-gateway.xml"));
            assertThat(hostFile).exists();
            assertThat(fragment.path("user").asText()).as("writes the instance as the broker image's user artemis").isEqualTo("1001:1001");
        }
        // every named volume is declared, every host path exists
        services.fields().forEachRemaining(s -> s.getValue().path("volumes").forEach(v -> {
            String source = v.asText().split(":")[0];
            if (source.startsWith(".")) {
                assertThat(COMPOSE.getParent().resolve(source)).as(s.getKey() + " mounts " + source).exists();
            } else {
                assertThat(compose.path("volumes").has(source)).as(s.getKey() + " volume " + source + " declared").isTrue();
            }
        }));
    }

    private static List<String> arguments(JsonNode list) {
        List<String> args = new ArrayList<>();
        list.forEach(a -> args.add(a.asText()));
        return args;
    }

    /** The named volume {@code service} mounts at {@code path} or a parent of it, or null. */
    private static String volumeAt(JsonNode service, String path) {
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (!parts[0].startsWith(".") && (path + "/").startsWith(parts[1] + "/")) {
                return parts[0];
            }
        }
        return null;
    }

    /** Where {@code path} in {@code service}'s container comes from on the host (relative to the repository), or null. */
    private static Path hostPath(JsonNode service, String path) {
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[0].startsWith(".") && path.startsWith(parts[1] + "/")) {
                return COMPOSE.getParent().resolve(parts[0]).resolve(path.substring(parts[1].length() + 1));
            }
        }
        return null;
    }

    // ---- properties ----------------------------------------------------------------------------------------------

    private void checkEnvironment(String where, Map<String, String> env, List<String> problems) {
        Set<String> sources = new TreeSet<>();
        gatewayProperties.getSources().keySet().forEach(source -> sources.add(source.replace("-", "").toUpperCase()));
        env.forEach((name, value) -> {
            if (name.equals("JAVA_TOOL_OPTIONS")) {
                return; // the JVM's, not Spring's
            }
            if (name.startsWith("GATEWAY_SOURCES_") && !sources.contains(name.split("_")[2])) {
                problems.add(where + ": " + name + " names no source of the gateway " + sources);
            }
            Map<String, Object> single = Map.of(name, value);
            check(where, new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, single), problems);
        });
    }

    /**
     * Each property of {@code source} must be bound by one of the started gateway's @ConfigurationProperties classes:
     * bound onto a fresh instance (never the live one), one property at a time, with Spring's relaxed names.
     */
    private void check(String where, PropertySource<?> source, List<String> problems) {
        @SuppressWarnings("unchecked")
        Map<String, Object> all = (Map<String, Object>) source.getSource();
        Map<String, ConfigurationPropertiesBean> beans = ConfigurationPropertiesBean.getAll(context);
        for (Map.Entry<String, Object> property : all.entrySet()) {
            Map<String, Object> one = Map.of(property.getKey(), property.getValue());
            PropertySource<?> single = source instanceof SystemEnvironmentPropertySource
                    ? new SystemEnvironmentPropertySource(source.getName(), one) : new MapPropertySource(source.getName(), one);
            ConfigurationPropertySource properties = ConfigurationPropertySource.from(single);
            boolean bound = false;
            for (ConfigurationPropertiesBean bean : beans.values()) {
                String prefix = bean.getAnnotation().prefix();
                if (prefix.isEmpty() || properties.containsDescendantOf(ConfigurationPropertyName.of(prefix)) != ConfigurationPropertyState.PRESENT) {
                    continue;
                }
                try {
                    bound |= new Binder(properties).bind(prefix, Bindable.of(bean.asBindTarget().getType())).isBound();
                } catch (BindException e) {
                    problems.add(where + ": " + property.getKey() + "=" + property.getValue() + " does not convert: "
                            + NestedExceptionUtils.getMostSpecificCause(e).getMessage());
                    bound = true;
                }
            }
            if (!bound) {
                problems.add(where + ": " + property.getKey() + " is no property of the gateway");
            }
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), into));
        } else {
            into.put(prefix, node.isArray() ? node.toString() : node.asText());
        }
    }

    // ---- the manifests and the application's defaults -------------------------------------------------------------

    private static JsonNode manifest(String kind) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    documents.forEachRemaining(doc -> {
                        if (kind.equals(doc.path("kind").asText())) {
                            found.add(doc);
                        }
                    });
                }
            }
        }
        assertThat(found).as(kind + " in " + K8S).hasSize(1);
        return found.get(0);
    }

    private static JsonNode gatewayContainer(JsonNode deployment) {
        for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
            if (container.path("image").asText().startsWith(IMAGE + ":")) {
                return container;
            }
        }
        throw new AssertionError("no container runs the image " + IMAGE);
    }

    private static Map<String, JsonNode> gatewayServices() throws IOException {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> all = YAML.readTree(COMPOSE.toFile()).path("services").fields();
        all.forEachRemaining(s -> {
            // the gateway image also runs BrokerFragment for the brokers, with its own entrypoint
            if (s.getValue().path("image").asText().startsWith(IMAGE + ":") && !s.getValue().has("entrypoint")) {
                services.put(s.getKey(), s.getValue());
            }
        });
        return services;
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return ports;
    }

    private static int port(JsonNode port, Map<String, Integer> named) {
        return port.isInt() ? port.asInt() : named.getOrDefault(port.asText(), -1);
    }

    private static long mebibytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
        assertThat(m.matches()).as(quantity).isTrue();
        return Long.parseLong(m.group(1)) * (m.group(2).equals("Gi") ? 1024 : 1);
    }

    /** src/main/resources/application.yaml, for what Spring and Camel read from it (server.port, the route pattern). */
    private static JsonNode applicationYaml() throws IOException {
        return YAML.readTree(Path.of("src/main/resources/application.yaml").toFile());
    }

    private static int defaultWebhookPort() {
        return DEFAULTS.getHttp().getPort();
    }

    /** server.port is ${management.server.port:8081}: the management server's default. */
    private static int defaultManagementPort() throws IOException {
        Matcher m = Pattern.compile("\\$\\{management\\.server\\.port:(\\d+)}").matcher(applicationYaml().at("/server/port").asText());
        assertThat(m.matches()).as("server.port in application.yaml").isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The directory of camel.main.routes-include-pattern, which the route reloader must watch too. */
    private static String routesDirectory() throws IOException {
        String pattern = applicationYaml().at("/camel/main/routes-include-pattern").asText();
        Matcher m = Pattern.compile("file:([^*]+)/\\*\\.camel\\.yaml").matcher(pattern);
        assertThat(m.matches()).as(pattern).isTrue();
        assertThat(DEFAULTS.getRoutes().getReload().getDirectory()).isEqualTo(m.group(1));
        return m.group(1);
    }

    /** The container's working directory from the Jib configuration in pom.xml. */
    private static String imageWorkingDirectory() throws IOException {
        Matcher m = Pattern.compile("<workingDirectory>([^<]+)</workingDirectory>").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).as("Jib's workingDirectory in pom.xml").isTrue();
        return m.group(1);
    }

    private interface Visitor {
        void visit(String key, JsonNode node);
    }

    private static void walk(JsonNode node, Visitor visitor) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                visitor.visit(f.getKey(), f.getValue());
                walk(f.getValue(), visitor);
            });
        } else if (node.isArray()) {
            node.forEach(child -> walk(child, visitor));
        }
    }
}
