package io.github.erpgateway.management;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/** How the management port's paths are protected. */
final class ManagementPaths {

    /** Answered without a login: load balancers, probes and Prometheus scrapers. Health shows its status only. */
    private static final Set<String> PUBLIC = Set.of("/actuator/health", "/actuator/health/liveness",
            "/actuator/health/readiness", "/actuator/prometheus");

    private static final String HAWTIO = "/actuator/hawtio";

    /** Endpoints that change data and have no finer policy of their own: the admin role only (Jolokia has its own). */
    private static final Set<String> ADMIN_ONLY = Set.of("/actuator/replay", "/actuator/reconcile");

    /** Endpoints that run the pipeline without storing (the dry run): manager and admin. */
    private static final Set<String> MANAGER_AT_LEAST = Set.of("/actuator/dryrun");

    private ManagementPaths() {
    }

    /** The path as the servlet container decoded and normalised it (no "..", no ";params"), not the raw URI. */
    static String of(HttpServletRequest request) {
        String info = request.getPathInfo();
        return request.getServletPath() + (info == null ? "" : info);
    }

    static boolean isPublic(String path) {
        return PUBLIC.contains(path);
    }

    static boolean isAdminOnly(String path) {
        return ADMIN_ONLY.stream().anyMatch(prefix -> under(path, prefix));
    }

    static boolean isManagerAtLeast(String path) {
        return MANAGER_AT_LEAST.stream().anyMatch(prefix -> under(path, prefix));
    }

    /** Jolokia, directly or through Hawtio's forwarding path. */
    static boolean isJolokia(String path) {
        return under(path, "/actuator/jolokia") || under(path, HAWTIO + "/jolokia");
    }

    /**
     * Hawtio's single-page UI, its login page, auth endpoints and (disabled) proxy: Hawtio asks for its own login
     * there. Its Jolokia path is not included: it needs a login here too.
     */
    static boolean isHawtioUi(String path) {
        return under(path, HAWTIO) && !isJolokia(path);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
