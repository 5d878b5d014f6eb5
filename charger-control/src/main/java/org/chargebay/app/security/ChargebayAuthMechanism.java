package org.chargebay.app.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Reads who is calling: HTTP Basic (scripts, curl) or the page's session cookie, both checked
 * against the local user file. Other {@code Authorization} schemes (an OIDC bearer token) are left
 * to the other mechanisms.
 *
 * <p>The page's cookie counts for a mutating request only when the request also carries {@link
 * #PAGE_HEADER}: a form or link on another site can make a browser send the cookie, but not a
 * custom header. Requests with that header get a 401 without {@code WWW-Authenticate: Basic}, so
 * that the browser shows the page's own login rather than its password dialog.
 */
@ApplicationScoped
public class ChargebayAuthMechanism implements HttpAuthenticationMechanism {
  /** Sent by the operator page with every API call. */
  public static final String PAGE_HEADER = "X-Chargebay-Page";

  @Inject PageSessions sessions;

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    String authorization = context.request().getHeader("Authorization");
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
        return Uni.createFrom().optional(Optional.empty());
      }
      Optional<String[]> pair = basic(authorization.substring(6).trim());
      if (pair.isEmpty()) {
        return Uni.createFrom()
            .failure(
                new AuthenticationFailedException(
                    "the Authorization header is not Basic base64(name:password)"));
      }
      UsernamePasswordAuthenticationRequest request =
          new UsernamePasswordAuthenticationRequest(
              pair.get()[0], new PasswordCredential(pair.get()[1].toCharArray()));
      return identityProviderManager.authenticate(attach(request, context));
    }
    Cookie cookie = context.request().getCookie(PageSessions.COOKIE);
    if (cookie == null) {
      return Uni.createFrom().optional(Optional.empty());
    }
    HttpMethod method = context.request().method();
    boolean reading = method == HttpMethod.GET || method == HttpMethod.HEAD;
    if (!reading && context.request().getHeader(PAGE_HEADER) == null) {
      return Uni.createFrom()
          .failure(
              new AuthenticationFailedException(
                  "the page's login cookie counts for a change only with the "
                      + PAGE_HEADER
                      + " header"));
    }
    Optional<String> user = sessions.user(cookie.getValue());
    if (user.isEmpty()) {
      return Uni.createFrom().optional(Optional.empty());
    }
    return identityProviderManager.authenticate(
        attach(new TrustedAuthenticationRequest(user.get()), context));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    if (context.request().getHeader(PAGE_HEADER) != null) {
      return Uni.createFrom().item(new ChallengeData(401, null, null));
    }
    return Uni.createFrom()
        .item(new ChallengeData(401, "WWW-Authenticate", "Basic realm=\"chargebay\""));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(UsernamePasswordAuthenticationRequest.class, TrustedAuthenticationRequest.class);
  }

  @Override
  public int getPriority() {
    // ahead of OIDC, so that a 401 says "Basic" to curl
    return DEFAULT_PRIORITY + 100;
  }

  private static <T extends AuthenticationRequest> T attach(T request, RoutingContext context) {
    HttpSecurityUtils.setRoutingContextAttribute(request, context);
    return request;
  }

  /** {@code name:password} from the base64 of a Basic header; empty when malformed. */
  static Optional<String[]> basic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
  }
}
