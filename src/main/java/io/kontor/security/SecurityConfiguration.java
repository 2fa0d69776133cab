package io.kontor.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything but health needs a login: local users (HTTP Basic or the form), API clients' bearer tokens, and where
 * configured the company's OIDC provider. Role {@code ops} reads (API, metrics, Hawtio, Jolokia reads); role
 * {@code admin} also changes things (releases, replays, Jolokia writes and operations); approvers decide invoices in
 * their amount bands.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * The channel emulators check their own channel credentials, as the real APIs do — among them HTTP Basic with an
     * app's client id and secret (eBay's token endpoint), which the hub's own login must not try to read.
     */
    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain sandboxSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/sandbox/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * Channel webhooks authenticate by their signature, checked in constant time by the receiving controller: no
     * login, session, CSRF token or saved request applies to them, so they pass a chain without those filters (at a
     * sales peak they are hundreds of requests a second). The controllers map POST only.
     */
    @Bean
    @org.springframework.core.annotation.Order(0)
    SecurityFilterChain webhookSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/webhooks/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable());
        return http.build();
    }

    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityFilterChain kontorSecurity(HttpSecurity http, SecurityProperties props) throws Exception {
        // machine clients send a bearer token (kontor.security.api-clients); people log in with their passwords
        http.addFilterBefore(new ApiTokenAuthentication(props.apiClients(), props.oidc().enabled()),
                org.springframework.security.web.authentication.www.BasicAuthenticationFilter.class);
        http.authorizeHttpRequests(auth -> auth
                        // the error page of a request its own chain already let through (a GET on a webhook is 405, not a login)
                        .dispatcherTypeMatchers(jakarta.servlet.DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // Jolokia's path forms of writes and operations; inside a POST body (how Hawtio sends everything,
                        // reads too) JolokiaRoleRestrictor refuses them to anyone but admin
                        .requestMatchers("/actuator/jolokia/write/**", "/actuator/jolokia/exec/**",
                                "/actuator/hawtio/jolokia/write/**", "/actuator/hawtio/jolokia/exec/**").hasRole("ADMIN")
                        .requestMatchers("/actuator/jolokia/**", "/actuator/hawtio/**").hasAnyRole("OPS", "ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                                .hasAnyRole("OPS", "ADMIN", "APPROVER")
                        // finance and ops staff hand in supplier invoices
                        .requestMatchers(HttpMethod.POST, "/api/invoices").hasAnyRole("OPS", "ADMIN")
                        // and review what the hub read from plain PDFs
                        .requestMatchers(HttpMethod.POST, "/api/invoices/*/corrections").hasAnyRole("OPS", "ADMIN", "APPROVER")
                        // invoice approvers decide (which ones, in which roles, the approval service checks)
                        .requestMatchers(HttpMethod.POST, "/api/invoices/*/approve", "/api/invoices/*/reject").hasRole("APPROVER")
                        .requestMatchers(HttpMethod.POST, "/api/supplier-accounts/*/*/confirm").hasAnyRole("APPROVER", "ADMIN")
                        .requestMatchers("/api/**").hasRole("ADMIN")
                        // the operations console: everyone who logs in reads it; approvers decide invoices in their bands
                        // (the approval service checks which), admin takes every other decision
                        .requestMatchers(HttpMethod.GET, "/", "/console/**", "/webjars/**", "/console.css", "/console-charts.js", "/console-variance.js").hasAnyRole("OPS", "ADMIN", "APPROVER")
                        .requestMatchers(HttpMethod.POST, "/console/invoices/*/approve", "/console/invoices/*/reject").hasRole("APPROVER")
                        .requestMatchers("/console/**").hasRole("ADMIN")
                        .anyRequest().hasAnyRole("OPS", "ADMIN"))
                .httpBasic(Customizer.withDefaults())
                .formLogin(Customizer.withDefaults())
                // browser sessions (Hawtio, Swagger UI, forms) send the cookie's token; clients that authenticate
                // every request have no session to forge
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CookieCsrf())
                        .requireCsrfProtectionMatcher(CookieCsrf.NEEDS_TOKEN));
        if (props.oidc().enabled()) {
            OidcRoles roles = new OidcRoles(props.oidc());
            OidcUserService users =
                    new OidcUserService();
            // people: the provider's sign-in page, beside the local login form
            http.oauth2Login(login -> login.userInfoEndpoint(info -> info.oidcUserService(request -> {
                OidcUser user = users.loadUser(request);
                return new DefaultOidcUser(roles.authorities(user.getClaims()),
                        user.getIdToken(), user.getUserInfo(), roles.nameClaim(user.getClaims()));
            })));
            // machine clients: the provider's signed JWTs as bearer tokens
            http.oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(token ->
                    new JwtAuthenticationToken(token,
                            roles.authorities(token.getClaims()), token.getClaimAsString(roles.nameClaim(token.getClaims()))))));
        }
        return http.build();
    }

    /** Password logins, each verified against its hash once and then remembered for a while ({@link VerifiedLogins}). */
    @Bean
    AuthenticationProvider kontorLogins(SecurityProperties props,
                                        Approvers approval,
                                                                                   PasswordEncoder encoder) {
        DaoAuthenticationProvider passwords =
                new DaoAuthenticationProvider(encoder);
        // the users are no bean of their own: Spring Security would otherwise warn that it does not use them itself
        passwords.setUserDetailsService(kontorUsers(props, approval, encoder));
        return new VerifiedLogins(passwords, props.loginCacheTtl(), 10_000, Clock.systemUTC());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The hub's users: ops, admin and the invoice approvers. */
    UserDetailsService kontorUsers(SecurityProperties props, Approvers approval, PasswordEncoder encoder) {
        String ops = password("ops", props.opsPassword(), "KONTOR_SECURITY_OPS_PASSWORD", props.generateMissing());
        String admin = password("admin", props.adminPassword(), "KONTOR_SECURITY_ADMIN_PASSWORD", props.generateMissing());
        List<GrantedAuthority> adminAuthorities = new ArrayList<>(
                AuthorityUtils.createAuthorityList("ROLE_ADMIN", "ROLE_OPS"));
        if (approval.adminApproves()) {
            adminAuthorities.addAll(ApprovalAuthorities.granting(approval.bandRoles()));
        }
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
                User.withUsername("ops").password(encoder.encode(ops)).roles("OPS").build(),
                User.withUsername("admin").password(encoder.encode(admin)).authorities(adminAuthorities).build());
        // approvers log in as themselves, so every decision names a person (kontor.invoices.approval.approvers)
        Set<String> held = new HashSet<>();
        approval.logins().forEach((name, approver) -> {
            if (name.equals("ops") || name.equals("admin")) {
                log.warn("Invoice approver '{}' is ignored: ops and admin are the hub's own users", name);
                return;
            }
            boolean noPassword = approver.password() == null || approver.password().isBlank();
            if (noPassword && !props.generateMissing()) {
                log.warn("Invoice approver '{}' has no password and cannot log in", name);
                return;
            }
            String password = password(name, approver.password(), approval.passwordProperty(name), true);
            users.createUser(User.withUsername(name).password(encoder.encode(password))
                    .authorities(ApprovalAuthorities.granting(approver.rolesHeld())).build());
            held.addAll(approver.ownRoles());
        });
        // every amount band needs someone who may decide it, or its invoices only pile up
        for (String role : approval.bandRoles()) {
            if (held.contains(role)) {
                continue;
            }
            if (props.generateMissing() && !users.userExists(role)) {
                String password = password(role, null, approval.passwordProperty("<you>") + " and .roles", true);
                users.createUser(User.withUsername(role).password(encoder.encode(password))
                        .authorities(ApprovalAuthorities.granting(Set.of(role))).build());
            } else if (!approval.adminApproves()) {
                log.warn("No invoice approver holds role '{}': invoices of its amount band wait until one is configured "
                        + "(kontor.invoices.approval.approvers.<user>.roles)", role);
            }
        }
        return users;
    }

    private static String password(String user, String configured, String env, boolean generateMissing) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (!generateMissing) {
            throw new IllegalStateException("No password for user '" + user + "': set " + env
                    + " (kontor.security." + user + "-password). The prod profile does not generate passwords.");
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        log.warn("\n\n  Generated password for user '{}': {}\n  (set {} to choose your own)\n", user, generated, env);
        return generated;
    }
}
