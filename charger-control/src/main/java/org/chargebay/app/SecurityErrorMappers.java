package org.chargebay.app;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.chargebay.app.security.ChargebayAuthMechanism;
import org.chargebay.app.security.LoginThrottledException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The JSON answers of the role checks: {@code login_required} (401, no login where one is needed),
 * {@code login_failed} (401, unknown user or wrong password), {@code forbidden} (403, logged in
 * with a role that may not do this) and {@code login_throttled} (429 with {@code Retry-After}, too
 * many failed logins). A 401 names the Basic scheme, except to the operator page (which shows its
 * own login instead of the browser's dialog).
 */
public class SecurityErrorMappers {

  @Inject SecurityIdentity identity;

  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e, HttpHeaders headers) {
    return challenge(
        headers,
        "login_required",
        "this needs a login: HTTP Basic with a chargebay user, or the page's login");
  }

  @ServerExceptionMapper
  public Response failed(AuthenticationFailedException e, HttpHeaders headers) {
    OptionalLong retryAfter = LoginThrottledException.retryAfterSeconds(e);
    if (retryAfter.isPresent()) {
      return Response.status(429)
          .type(MediaType.APPLICATION_JSON)
          .header("Retry-After", retryAfter.getAsLong())
          .entity(new ApiError("login_throttled", e.getMessage()))
          .build();
    }
    return challenge(
        headers,
        "login_failed",
        e.getMessage() == null || e.getMessage().isBlank()
            ? "unknown user or wrong password"
            : e.getMessage());
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    String who = identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    return ErrorMappers.error(
        Response.Status.FORBIDDEN,
        "forbidden",
        "'"
            + ErrorMappers.echo(who)
            + "' (roles "
            + new TreeSet<>(identity.getRoles())
            + ") may not do this; it needs a higher role");
  }

  private static Response challenge(HttpHeaders headers, String code, String reason) {
    Response.ResponseBuilder r =
        Response.status(Response.Status.UNAUTHORIZED)
            .type(MediaType.APPLICATION_JSON)
            .entity(new ApiError(code, reason));
    if (headers.getHeaderString(ChargebayAuthMechanism.PAGE_HEADER) == null) {
      r.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"chargebay\"");
    }
    return r.build();
  }
}
