package io.github.erpgateway.management;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
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
 *
 * <p>Without logins ({@code hawtio.authenticationEnabled=false}, the demo profile) everybody who reaches the port has
 * {@code gateway.management.anonymous-role} (admin unless set otherwise): then the port listens on loopback only,
 * whatever {@code server.address} says, and only an explicit {@code management.server.address} opens it wider. The
 * log says which at start-up.
 */
public class ManagementAddress implements EnvironmentPostProcessor {

    static final String ADDRESS = "management.server.address";
    static final String LOOPBACK = "127.0.0.1";

    private final Log log;

    public ManagementAddress(DeferredLogFactory logs) {
        this.log = logs.getLog(ManagementAddress.class);
    }

    ManagementAddress() {
        this.log = LogFactory.getLog(ManagementAddress.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(ADDRESS);
        boolean explicit = configured != null && !configured.isBlank();
        boolean anonymous = !environment.getProperty("hawtio.authenticationEnabled", Boolean.class, true);
        if (!explicit && !anonymous) {
            return;
        }
        String address = explicit ? configured.trim() : LOOPBACK;
        if (anonymous) {
            warnAnonymous(environment, address, explicit);
        }
        MutablePropertySources sources = environment.getPropertySources();
        String managementPort = environment.getProperty("management.server.port");
        if (managementPort != null && !Objects.equals(managementPort, environment.getProperty("server.port"))) {
            // a separate management server: Spring Boot binds it to the address itself
            if (!explicit) {
                sources.addFirst(new MapPropertySource("management-address", Map.of(ADDRESS, address)));
            }
            return;
        }
        if (explicit) {
            hideManagementAddress(sources);
        }
        sources.addFirst(new MapPropertySource("management-address", Map.of("server.address", address)));
    }

    private static void hideManagementAddress(MutablePropertySources sources) {
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
    }

    private void warnAnonymous(ConfigurableEnvironment environment, String address, boolean explicit) {
        String port = environment.getProperty("server.port", "8081");
        String role = environment.getProperty("gateway.management.anonymous-role", "admin");
        if (!explicit) {
            log.warn("Logins are off (hawtio.authenticationEnabled=false), so everybody who reaches the management port "
                    + port + " is " + role + ": it listens on " + LOOPBACK + " only. Set management.server.address to "
                    + "open it wider (docs/security/management.md).");
        } else if (!isLoopback(address)) {
            log.warn("Logins are off (hawtio.authenticationEnabled=false) and management.server.address=" + address
                    + ": everybody who reaches the management port " + port + " there is " + role
                    + " (Jolokia, replay). Never do this on a network you do not control.");
        } else {
            log.warn("Logins are off (hawtio.authenticationEnabled=false): the management port " + port
                    + " listens on " + address + " only (management.server.address).");
        }
    }

    private static boolean isLoopback(String address) {
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        return bare.equalsIgnoreCase("localhost") || bare.startsWith("127.") || bare.equals("::1");
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
