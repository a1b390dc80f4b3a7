package io.github.erpgateway.management;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Hawtio (and the Jolokia endpoint it talks to) requires a login unless {@code hawtio.authenticationEnabled=false}
 * (the demo profile). Logins are checked by JAAS entry {@code hawtio}: this points the JVM at the gateway's JAAS file,
 * {@code gateway.management.jaas-config} (default {@code config/hawtio-jaas.conf}), whose users and roles live in
 * property files beside it, kept out of the repository (see the README). It runs before the web server starts,
 * because Hawtio reads the JAAS configuration once when it initialises. A JVM started with its own
 * {@code -Djava.security.auth.login.config} keeps it.
 */
public class HawtioLogin implements EnvironmentPostProcessor {

    static final String JAAS_PROPERTY = "java.security.auth.login.config";

    private final Log log;

    public HawtioLogin(DeferredLogFactory logs) {
        this.log = logs.getLog(HawtioLogin.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("hawtio.authenticationEnabled", Boolean.class, true)) {
            log.warn("Hawtio and Jolokia on the management port need no login (hawtio.authenticationEnabled=false): "
                    + "for a local demo only.");
            return;
        }
        if (System.getProperty(JAAS_PROPERTY) != null) {
            return;
        }
        Path file = Path.of(environment.getProperty("gateway.management.jaas-config", "config/hawtio-jaas.conf")).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            log.warn("Hawtio requires a login but the JAAS file " + file + " does not exist: nobody can log in.");
            return;
        }
        System.setProperty(JAAS_PROPERTY, file.toString());
        if (!Files.isRegularFile(file.resolveSibling("hawtio-users.properties"))) {
            log.warn("Hawtio requires a login but " + file.getParent() + " has no hawtio-users.properties yet: "
                    + "copy the .example files beside it and set the passwords.");
        }
    }
}
