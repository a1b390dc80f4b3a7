package io.github.erpgateway.dryrun;

import java.io.IOException;

import io.github.erpgateway.config.GatewayProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the body of {@code POST /actuator/dryrun} before the actuator reads it into memory: twice
 * {@code gateway.max-body-bytes} plus 64 KiB (a payload sent as a JSON string is escaped, and the headers come along).
 * Larger is 413, a declared length at once, a chunked body once it gets there. Runs after the login filter, so
 * that nobody without a login learns anything from it.
 */
@Configuration(proxyBeanMethods = false)
class DryRunRequestLimit {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> dryRunRequestLimitFilter(GatewayProperties properties) {
        long max = 2 * properties.getMaxBodyBytes() + 65_536;
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Limit(max));
        registration.addUrlPatterns("/actuator/dryrun", "/actuator/dryrun/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    static final class Limit extends OncePerRequestFilter {

        private final long max;

        Limit(long max) {
            this.max = max;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getContentLengthLong() > max) {
                response.setStatus(413);
                response.setContentType("application/json");
                response.getWriter().write("{\"error\":\"the request is larger than " + max
                        + " bytes (twice gateway.max-body-bytes plus 64 KiB)\"}");
                return;
            }
            chain.doFilter(new Bounded(request, max), response);
        }
    }

    /** The request whose body stream fails past {@code max} bytes, so a chunked body cannot fill the heap. */
    private static final class Bounded extends HttpServletRequestWrapper {

        private final long max;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws IOException {
                        read += n;
                        if (read > max) {
                            throw new IOException("the request is larger than " + max + " bytes");
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
