package io.github.erpgateway.management;

import java.security.Principal;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

import javax.security.auth.Subject;

/** The Hawtio roles, from least to most trusted; a user with several roles gets the most trusted one. */
public enum JolokiaRole {
    VIEWER, MANAGER, ADMIN;

    public boolean atLeast(JolokiaRole other) {
        return compareTo(other) >= 0;
    }

    /**
     * The role of a logged-in user: only principals of the role principal classes count, so that a user who is
     * merely <em>named</em> "admin" gets nothing.
     */
    public static Optional<JolokiaRole> of(Subject subject, Collection<String> rolePrincipalClasses) {
        JolokiaRole best = null;
        for (Principal principal : subject.getPrincipals()) {
            if (!rolePrincipalClasses.contains(principal.getClass().getName())) {
                continue;
            }
            JolokiaRole role = named(principal.getName());
            if (role != null && (best == null || role.atLeast(best))) {
                best = role;
            }
        }
        return Optional.ofNullable(best);
    }

    private static JolokiaRole named(String name) {
        for (JolokiaRole role : values()) {
            if (role.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
                return role;
            }
        }
        return null;
    }
}
