package io.github.erpgateway.management;

import java.io.IOException;
import java.security.Principal;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import javax.security.auth.Subject;

import io.hawt.system.AuthenticateResult;
import io.hawt.system.Authenticator;
import io.hawt.web.auth.AuthenticationConfiguration;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Everything on the management port needs a login, except health, liveness, readiness and Prometheus
 * ({@link ManagementPaths}) and Hawtio's own pages, which show Hawtio's login form. A login is HTTP Basic, checked
 * by Hawtio's own authenticator (the JAAS realm {@code hawtio.realm}, the roles {@code hawtio.roles}, Hawtio's
 * throttling of failed attempts), or the session of a Hawtio login in the browser. The request then carries the
 * user, so that health details ({@code show-details: when-authorized}) are shown to logged-in users only. Endpoints
 * that change data without a policy of their own ({@code /actuator/replay}) need the admin role, the dry run
 * ({@code /actuator/dryrun}) manager or admin (403 otherwise).
 * Installed only when {@code hawtio.authenticationEnabled} is true (every profile but demo).
 */
class ManagementLoginFilter extends OncePerRequestFilter {

    /** Where Hawtio's login servlet keeps the logged-in subject. */
    private static final String HAWTIO_SESSION_SUBJECT = "subject";

    private final Set<String> rolePrincipalClasses;
    private final boolean challengeJolokia;

    /**
     * @param challengeJolokia {@code hawtio.noCredentials401}: answer Jolokia without a login 401 with a Basic
     *                         challenge; by default 403 without one, as Hawtio does, because the challenge would
     *                         make the browser pop up its own login dialog over Hawtio's page
     */
    ManagementLoginFilter(Set<String> rolePrincipalClasses, boolean challengeJolokia) {
        this.rolePrincipalClasses = rolePrincipalClasses;
        this.challengeJolokia = challengeJolokia;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = ManagementPaths.of(request);
        if ("OPTIONS".equals(request.getMethod()) || ManagementPaths.isHawtioUi(path)) {
            chain.doFilter(request, response); // a CORS preflight carries no credentials; Hawtio's UI has its own login
            return;
        }
        Subject subject = sessionSubject(request);
        AuthenticateResult result = AuthenticateResult.authorized();
        if (subject == null) {
            AtomicReference<Subject> loggedIn = new AtomicReference<>();
            result = new Authenticator(request, AuthenticationConfiguration.getConfiguration(getServletContext()))
                    .authenticate(loggedIn::set);
            subject = loggedIn.get();
        }
        if (subject != null && result.is(AuthenticateResult.Type.AUTHORIZED)) {
            if (ManagementPaths.isAdminOnly(path) && !JolokiaRole.of(subject, rolePrincipalClasses)
                    .map(role -> role.atLeast(JolokiaRole.ADMIN)).orElse(false)) {
                refuse(response, HttpServletResponse.SC_FORBIDDEN, "the admin role is required");
                return;
            }
            if (ManagementPaths.isManagerAtLeast(path) && !JolokiaRole.of(subject, rolePrincipalClasses)
                    .map(role -> role.atLeast(JolokiaRole.MANAGER)).orElse(false)) {
                refuse(response, HttpServletResponse.SC_FORBIDDEN, "the manager or admin role is required");
                return;
            }
            chain.doFilter(new LoggedInRequest(request, subject, rolePrincipalClasses), response);
        } else if (ManagementPaths.isPublic(path)) {
            chain.doFilter(request, response); // anonymous: the status without details
        } else if (result.is(AuthenticateResult.Type.THROTTLED)) {
            response.setHeader("Retry-After", Long.toString(result.getRetryAfter()));
            refuse(response, 429, "too many failed logins, try again later");
        } else if (ManagementPaths.isJolokia(path) && !challengeJolokia) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "login required");
        } else {
            response.setHeader("WWW-Authenticate", "Basic realm=\"hawtio\"");
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "login required");
        }
    }

    private static Subject sessionSubject(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(HAWTIO_SESSION_SUBJECT) instanceof Subject subject ? subject : null;
    }

    private static void refuse(HttpServletResponse response, int status, String error) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + error + "\"}");
    }

    /** The request as the logged-in user: what Spring's actuator asks when it decides to show health details. */
    private static final class LoggedInRequest extends HttpServletRequestWrapper {

        private final Principal user;
        private final Subject subject;
        private final Set<String> rolePrincipalClasses;

        LoggedInRequest(HttpServletRequest request, Subject subject, Set<String> rolePrincipalClasses) {
            super(request);
            this.subject = subject;
            this.rolePrincipalClasses = rolePrincipalClasses;
            this.user = subject.getPrincipals().stream()
                    .filter(p -> !rolePrincipalClasses.contains(p.getClass().getName()))
                    .findFirst().orElse(() -> "user");
        }

        @Override
        public Principal getUserPrincipal() {
            return user;
        }

        @Override
        public String getRemoteUser() {
            return user.getName();
        }

        @Override
        public String getAuthType() {
            return BASIC_AUTH;
        }

        @Override
        public boolean isUserInRole(String role) {
            return subject.getPrincipals().stream()
                    .anyMatch(p -> rolePrincipalClasses.contains(p.getClass().getName()) && p.getName().equals(role));
        }
    }
}
