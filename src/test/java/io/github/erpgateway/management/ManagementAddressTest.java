package io.github.erpgateway.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Where the management port listens: {@code management.server.address} when set; otherwise everywhere when a login is
 * required, and loopback only when logins are off (the demo profile), whatever {@code server.address} says.
 */
class ManagementAddressTest {

    @Test
    void withoutLoginsThePortListensOnLoopbackOnly() {
        assertThat(serverAddress(Map.of("hawtio.authenticationEnabled", "false"))).isEqualTo("127.0.0.1");
        assertThat(serverAddress(Map.of("hawtio.authenticationEnabled", "false", "server.address", "0.0.0.0")))
                .as("only management.server.address opens it wider").isEqualTo("127.0.0.1");
    }

    @Test
    void anExplicitManagementAddressIsTheOnlyWayToOpenItWider() {
        assertThat(serverAddress(Map.of("hawtio.authenticationEnabled", "false", "management.server.address", "0.0.0.0")))
                .isEqualTo("0.0.0.0");
        assertThat(serverAddress(Map.of("hawtio.authenticationEnabled", "false", "management.server.address", "10.0.0.5")))
                .isEqualTo("10.0.0.5");
    }

    @Test
    void withLoginsTheAddressIsWhatIsConfigured() {
        assertThat(serverAddress(Map.of())).isNull();
        assertThat(serverAddress(Map.of("hawtio.authenticationEnabled", "true"))).isNull();
        assertThat(serverAddress(Map.of("management.server.address", "10.0.0.5"))).isEqualTo("10.0.0.5");
        assertThat(serverAddress(Map.of("server.address", "10.0.0.6"))).isEqualTo("10.0.0.6");
    }

    private static String serverAddress(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(properties)));
        new ManagementAddress().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("server.address");
    }
}
