package io.github.erpgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * The sources the product defines (every routes/*.camel.yaml with a templatedRoute of {@code webhook-source}) and the
 * secrets the tests sign them with, so that a new source file is tested without a change to any test class.
 */
public final class TestSources {

    private static final Pattern SOURCE = Pattern.compile(
            "routeTemplateRef: webhook-source(?:\\s+routeId: \\S+)?\\s+parameters:\\s+- name: source\\s+value: ([a-z0-9-]+)");

    private TestSources() {
    }

    /** The source ids defined in {@code routes}, sorted. */
    public static List<String> inRoutes(Path routes) {
        try (Stream<Path> files = Files.list(routes)) {
            List<String> sources = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList()) {
                Matcher matcher = SOURCE.matcher(Files.readString(file));
                while (matcher.find()) {
                    sources.add(matcher.group(1));
                }
            }
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> inRoutes() {
        return inRoutes(Path.of("routes"));
    }

    /** The signature header that {@code routes/<source>.camel.yaml} names (the template's default when it names none). */
    public static String signatureHeader(String source) {
        try {
            String header = SourceEventsRoutes.templateParametersOf(Path.of("routes", source + ".camel.yaml"))
                    .get("signatureHeader");
            return header != null ? header : "X-VWD-Signature-V1";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first secret of {@code source} in the Spring tests. */
    public static String secret(String source) {
        return "test-" + source + "-secret";
    }

    /** The second secret of {@code source} in the Spring tests, as after a rotation. */
    public static String rotatedSecret(String source) {
        return secret(source) + "-after-rotation";
    }

    /**
     * Gives every source in routes/ its two test secrets in every GatewayTestSupport context, just above the
     * configuration files: a test's own {@code gateway.sources.<source>.secrets} (a token, none) wins. Registered in
     * src/test/resources/META-INF/spring.factories, not with @ContextConfiguration, which would hide the test classes'
     * nested @TestConfiguration from Spring Boot.
     */
    public static final class Secrets implements ContextCustomizerFactory {
        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
            return GatewayTestSupport.class.isAssignableFrom(testClass) ? Customizer.INSTANCE : null;
        }
    }

    /** One instance, so that it keeps the context cache key of every test the same. */
    private enum Customizer implements ContextCustomizer {
        INSTANCE;

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            Map<String, Object> secrets = new LinkedHashMap<>();
            for (String source : inRoutes()) {
                secrets.put("gateway.sources." + source + ".secrets", secret(source) + "," + rotatedSecret(source));
            }
            // above the configuration files, which list every source with empty secrets, and below everything a
            // test sets itself (@TestPropertySource, @DynamicPropertySource, system properties)
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            MapPropertySource testSecrets = new MapPropertySource("test-source-secrets", secrets);
            sources.stream().map(PropertySource::getName).filter(name -> name.startsWith("Config resource")).findFirst()
                    .ifPresentOrElse(first -> sources.addBefore(first, testSecrets), () -> sources.addLast(testSecrets));
        }
    }
}
