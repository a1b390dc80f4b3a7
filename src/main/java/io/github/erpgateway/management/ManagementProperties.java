package io.github.erpgateway.management;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the management port's protection (docs/security/management.md). */
@ConfigurationProperties(prefix = "gateway.management")
public class ManagementProperties {

    /** JAAS file with the Hawtio login entry; read by {@link HawtioLogin} before the context exists. */
    private String jaasConfig = "config/hawtio-jaas.conf";

    /**
     * Browser origins (scheme://host:port) other than the management port's own that may call it, for a Hawtio
     * served elsewhere. Empty: only pages served by the management port itself.
     */
    private List<String> allowedOrigins = new ArrayList<>();

    /** The Jolokia role of everybody when no login is required (hawtio.authenticationEnabled=false, demo). */
    private JolokiaRole anonymousRole = JolokiaRole.ADMIN;

    public String getJaasConfig() {
        return jaasConfig;
    }

    public void setJaasConfig(String jaasConfig) {
        this.jaasConfig = jaasConfig;
    }

    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    public JolokiaRole getAnonymousRole() {
        return anonymousRole;
    }

    public void setAnonymousRole(JolokiaRole anonymousRole) {
        this.anonymousRole = anonymousRole;
    }
}
