package io.github.erpgateway.management;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jolokia.server.core.restrictor.RestrictorFactory;
import org.jolokia.server.core.service.api.Restrictor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Protection of the management port (docs/security/management.md): who may call it from a browser, who must log
 * in, and what each Hawtio role may do through Jolokia. Two small servlet filters rather than Spring Security:
 * Hawtio already authenticates against JAAS and keeps its own login session, and Spring Security would bring a
 * second login, CSRF tokens Hawtio's UI does not send, and a security chain that also covers paths Hawtio guards.
 */
@Configuration(proxyBeanMethods = false)
public class ManagementSecurity {

    /** The role principals Hawtio recognises, plus Hawtio's own (used by its Tomcat and OIDC logins). */
    private static Set<String> rolePrincipalClasses(String configured) {
        Set<String> classes = new LinkedHashSet<>(Arrays.stream(configured.split(",")).map(String::trim)
                .filter(name -> !name.isEmpty()).toList());
        classes.add(io.hawt.web.auth.RolePrincipal.class.getName());
        return classes;
    }

    /** Jolokia's Spring Boot support uses a Restrictor bean instead of building one from the policy file. */
    @Bean
    Restrictor jolokiaRolePolicy(ManagementProperties properties,
            @Value("${hawtio.authenticationEnabled:true}") boolean loginRequired,
            @Value("${hawtio.rolePrincipalClasses:}") String rolePrincipalClasses) throws IOException {
        Restrictor accessXml = RestrictorFactory.lookupPolicyRestrictor("classpath:/jolokia-access.xml");
        if (accessXml == null) {
            throw new IllegalStateException("jolokia-access.xml is missing from the classpath");
        }
        return new JolokiaRolePolicy(accessXml, rolePrincipalClasses(rolePrincipalClasses),
                loginRequired ? null : properties.getAnonymousRole(), properties.getAllowedOrigins());
    }

    @Bean
    FilterRegistrationBean<ForeignOriginFilter> foreignOriginFilter(ManagementProperties properties) {
        FilterRegistrationBean<ForeignOriginFilter> registration =
                new FilterRegistrationBean<>(new ForeignOriginFilter(properties.getAllowedOrigins()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    @ConditionalOnProperty(name = "hawtio.authenticationEnabled", havingValue = "true", matchIfMissing = true)
    FilterRegistrationBean<ManagementLoginFilter> managementLoginFilter(
            @Value("${hawtio.rolePrincipalClasses:}") String rolePrincipalClasses,
            @Value("${hawtio.noCredentials401:false}") boolean challengeJolokia) {
        FilterRegistrationBean<ManagementLoginFilter> registration = new FilterRegistrationBean<>(
                new ManagementLoginFilter(rolePrincipalClasses(rolePrincipalClasses), challengeJolokia));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
