package io.kontor.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;

import java.util.function.Supplier;

/**
 * CSRF protection for the browser sessions of a login form: Hawtio and Swagger UI read the token from the
 * {@code XSRF-TOKEN} cookie and send it back as the {@code X-XSRF-TOKEN} header (as single-page apps do); server
 * pages post it masked in a form field. The cookie is written on every response so a page loaded once can post.
 */
final class CookieCsrf implements CsrfTokenRequestHandler {

    /**
     * Which requests need the token: unsafe methods that do not authenticate themselves. A request with an
     * {@code Authorization} header (HTTP Basic, a bearer token) is a machine client's, which holds no session to ride on.
     */
    static final RequestMatcher NEEDS_TOKEN = new AndRequestMatcher(CsrfFilter.DEFAULT_CSRF_MATCHER,
            request -> request.getHeader("Authorization") == null);

    private final CsrfTokenRequestHandler header = new CsrfTokenRequestAttributeHandler();
    private final CsrfTokenRequestHandler form = new XorCsrfTokenRequestAttributeHandler();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
        form.handle(request, response, token);
        // loading the deferred token writes the cookie
        token.get();
    }

    @Override
    public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
        return (StringUtils.hasText(request.getHeader(token.getHeaderName())) ? header : form).resolveCsrfTokenValue(request, token);
    }
}
