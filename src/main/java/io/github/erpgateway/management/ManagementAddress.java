package io.github.erpgateway.management;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Makes {@code management.server.address} bind the management port to one interface. In this gateway the management
 * port is Spring's own server port ({@code server.port} follows {@code management.server.port}), and Spring Boot
 * refuses to start when a management-specific address is set on a shared port. So the address becomes
 * {@code server.address}, which is what binds that port, and the management-specific setting is hidden.
 */
public class ManagementAddress implements EnvironmentPostProcessor {

    static final String ADDRESS = "management.server.address";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String address = environment.getProperty(ADDRESS);
        if (address == null || address.isBlank()) {
            return;
        }
        String managementPort = environment.getProperty("management.server.port");
        if (managementPort != null && !Objects.equals(managementPort, environment.getProperty("server.port"))) {
            return; // a separate management server: Spring Boot binds it to the address itself
        }
        MutablePropertySources sources = environment.getPropertySources();
        for (PropertySource<?> source : sources.stream().toList()) {
            if (source instanceof SystemEnvironmentPropertySource variables) {
                Map<String, Object> kept = new LinkedHashMap<>(variables.getSource());
                kept.keySet().removeIf(ManagementAddress::isAddress); // MANAGEMENT_SERVER_ADDRESS
                sources.replace(source.getName(), new SystemEnvironmentPropertySource(source.getName(), kept));
            } else if (source instanceof MapPropertySource map && map.containsProperty(ADDRESS)) {
                Map<String, Object> kept = new LinkedHashMap<>(map.getSource());
                kept.keySet().removeIf(ManagementAddress::isAddress);
                sources.replace(source.getName(), source instanceof OriginTrackedMapPropertySource
                        ? new OriginTrackedMapPropertySource(source.getName(), kept)
                        : new MapPropertySource(source.getName(), kept));
            } else if (source instanceof EnumerablePropertySource<?> enumerable && enumerable.containsProperty(ADDRESS)
                    && !"configurationProperties".equals(source.getName())) { // the command line
                sources.replace(source.getName(), new WithoutAddress(enumerable));
            }
        }
        sources.addFirst(new MapPropertySource("management-address", Map.of("server.address", address.trim())));
    }

    private static boolean isAddress(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '.').equals(ADDRESS);
    }

    /** A property source as it was, without the management address. */
    private static final class WithoutAddress extends EnumerablePropertySource<EnumerablePropertySource<?>> {

        WithoutAddress(EnumerablePropertySource<?> source) {
            super(source.getName(), source);
        }

        @Override
        public String[] getPropertyNames() {
            return Arrays.stream(source.getPropertyNames()).filter(name -> !isAddress(name)).toArray(String[]::new);
        }

        @Override
        public Object getProperty(String name) {
            return isAddress(name) ? null : source.getProperty(name);
        }
    }
}
