package io.github.erpgateway.management;

import java.lang.reflect.Method;
import java.security.AccessController;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.management.ObjectName;
import javax.security.auth.Subject;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

/**
 * What the logged-in user may do through Jolokia, by Hawtio role: {@code viewer} reads, lists and searches and runs
 * side-effect-free queries; {@code manager} also runs the flow (routes, consumers, queue pause/resume, dead-letter
 * retry); {@code admin} does everything else, such as removing messages or writing attributes. Some operations are
 * refused to everybody ({@link JolokiaOperations}), and everything {@code jolokia-access.xml} refuses stays refused.
 *
 * <p>Hawtio's own role-based access control does not apply here: on Spring Boot its JMX security MBean allows
 * everything. The user comes from Hawtio's authentication filter, which runs the Jolokia request as the logged-in
 * JAAS {@link Subject} (session login or HTTP Basic); nobody else calls Jolokia, so no subject means no access,
 * except when logins are switched off (demo), where everybody has {@code gateway.management.anonymous-role}.
 */
public class JolokiaRolePolicy implements Restrictor {

    private final Restrictor accessXml;
    private final Set<String> rolePrincipalClasses;
    private final JolokiaRole anonymousRole;
    private final List<String> allowedOrigins;

    /**
     * @param accessXml            the policy of jolokia-access.xml
     * @param rolePrincipalClasses {@code hawtio.rolePrincipalClasses}: which principals of a subject are roles
     * @param anonymousRole        the role without a subject; null when a login is required
     * @param allowedOrigins       origins whose browser pages may read Jolokia's replies (besides the port's own)
     */
    public JolokiaRolePolicy(Restrictor accessXml, Set<String> rolePrincipalClasses, JolokiaRole anonymousRole,
            List<String> allowedOrigins) {
        this.accessXml = accessXml;
        this.rolePrincipalClasses = rolePrincipalClasses;
        this.anonymousRole = anonymousRole;
        this.allowedOrigins = allowedOrigins;
    }

    private Optional<JolokiaRole> role() {
        Subject subject = currentSubject();
        if (subject == null) {
            return Optional.ofNullable(anonymousRole);
        }
        return JolokiaRole.of(subject, rolePrincipalClasses);
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return accessXml.isHttpMethodAllowed(method);
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        Optional<JolokiaRole> role = role();
        if (role.isEmpty() || !accessXml.isTypeAllowed(type)) {
            return false;
        }
        return switch (type) {
            case READ, LIST, SEARCH, VERSION, EXEC -> true; // which operations: isOperationAllowed
            case WRITE -> role.get() == JolokiaRole.ADMIN;
            default -> false; // notifications and agent configuration: Hawtio does not need them
        };
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return role().isPresent() && accessXml.isAttributeReadAllowed(name, attribute);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        Optional<JolokiaRole> role = role();
        return role.isPresent() && accessXml.isAttributeWriteAllowed(name, attribute)
                && JolokiaOperations.writeAllowed(role.get(), name, attribute);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        Optional<JolokiaRole> role = role();
        return role.isPresent() && accessXml.isOperationAllowed(name, operation)
                && JolokiaOperations.allowed(role.get(), name, operation);
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return accessXml.isRemoteAccessAllowed(hostOrAddress);
    }

    /**
     * Strict checks (may this request run at all?) are {@link ForeignOriginFilter}'s, which sees the request's own
     * origin; the lenient one decides whether a reply names its caller in Access-Control-Allow-Origin, and only a
     * configured origin is named, never an arbitrary one.
     */
    @Override
    public boolean isOriginAllowed(String origin, boolean strictCheck) {
        return strictCheck || (origin != null && allowedOrigins.contains(origin));
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return accessXml.isObjectNameHidden(name);
    }

    @Override
    public boolean ignoreScheme() {
        return accessXml.ignoreScheme();
    }

    /** Subject.current() where it exists (Java 18+), else the Java 17 way; as Hawtio's own SubjectAccess does. */
    private static final Method SUBJECT_CURRENT = subjectCurrent();

    private static Method subjectCurrent() {
        try {
            return Subject.class.getMethod("current");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    @SuppressWarnings({"removal", "deprecation"})
    static Subject currentSubject() {
        if (SUBJECT_CURRENT == null) {
            return Subject.getSubject(AccessController.getContext());
        }
        try {
            return (Subject) SUBJECT_CURRENT.invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
