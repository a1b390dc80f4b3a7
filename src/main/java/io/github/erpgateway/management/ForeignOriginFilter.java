package io.github.erpgateway.management;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses browser requests that another site's page makes to the management port, before Jolokia or an endpoint
 * runs them: a request whose {@code Origin} is neither the port's own nor in {@code gateway.management.allowed-origins}
 * (including {@code Origin: null}); for Jolokia also a request without Origin whose {@code Referer} is foreign, or
 * that the browser marks cross-site or same-site ({@code Sec-Fetch-Site}): an image or a link that would run a GET
 * {@code exec}.
 * Without it, a page the operator visits could drive Jolokia with the operator's session or cached Basic login.
 * Clients that are not browsers send no such headers and are not affected.
 */
class ForeignOriginFilter extends OncePerRequestFilter {

    private final List<String> allowedOrigins;

    ForeignOriginFilter(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins.stream().map(origin -> origin.toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = ManagementPaths.of(request);
        if (!ManagementPaths.isPublic(path) && isForeign(request, path)) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"requests from other origins are refused\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean isForeign(HttpServletRequest request, String path) {
        boolean jolokia = ManagementPaths.isJolokia(path);
        String origin = request.getHeader("Origin");
        if (origin == null && jolokia) {
            origin = originOf(request.getHeader("Referer")); // older browsers send no Origin with a GET
        }
        if (origin != null) {
            String normalized = origin.trim().toLowerCase(Locale.ROOT);
            return !normalized.equals(ownOrigin(request)) && !allowedOrigins.contains(normalized);
        }
        String site = request.getHeader("Sec-Fetch-Site");
        return jolokia && site != null && !site.equals("same-origin") && !site.equals("none");
    }

    /** scheme://host[:port] of a Referer; "null" (foreign) when it cannot be read. */
    private static String originOf(String referer) {
        if (referer == null) {
            return null;
        }
        try {
            URI uri = new URI(referer.trim());
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return "null";
            }
            String authority = uri.getRawAuthority();
            return uri.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1);
        } catch (URISyntaxException e) {
            return "null";
        }
    }

    /** What a browser sends as Origin for a page served by this port at the address it was asked for. */
    private static String ownOrigin(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return host == null ? "" : (request.getScheme() + "://" + host).toLowerCase(Locale.ROOT);
    }
}
