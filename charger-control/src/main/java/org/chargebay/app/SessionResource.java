package org.chargebay.app;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import org.chargebay.app.security.LocalUsers;
import org.chargebay.app.security.LoginThrottledException;
import org.chargebay.app.security.PageSessions;
import org.chargebay.app.security.RoleAugmentor;
import org.jspecify.annotations.Nullable;

/**
 * The operator page's login: {@code POST /api/session} with {@code {"name", "password"}} sets an
 * HttpOnly, SameSite=Strict session cookie; {@code GET} says who is logged in and with which roles;
 * {@code DELETE} logs out. Scripts use HTTP Basic on every call instead.
 */
@Path("/api/session")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@PermitAll
public class SessionResource {

  @Inject LocalUsers users;
  @Inject PageSessions sessions;
  @Inject SecurityIdentity identity;
  @Inject RoleAugmentor roles;

  /** A login. */
  public record LoginRequest(@Nullable String name, @Nullable String password) {}

  /**
   * Who the caller is.
   *
   * @param name the user, or null when not logged in
   * @param roles every role held (viewer, operator, admin), after implication
   * @param anonymousRead whether reading works without a login here
   */
  public record Me(@Nullable String name, List<String> roles, boolean anonymousRead) {}

  @GET
  public Me me() {
    return new Me(
        identity.isAnonymous() ? null : identity.getPrincipal().getName(),
        identity.getRoles().stream().sorted().toList(),
        roles.anonymousRead());
  }

  @POST
  public Response login(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) @Nullable String contentType,
      InputStream body,
      @Context HttpServerRequest request) {
    LoginRequest req = JsonBodies.read(body, contentType, LoginRequest.class);
    if (req == null || req.name() == null || req.password() == null) {
      return ErrorMappers.error(
          Response.Status.BAD_REQUEST,
          "bad_request",
          "a login needs {\"name\": \"user\", \"password\": \"...\"}");
    }
    String from =
        request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    LocalUsers.Login login = users.check(req.name(), req.password().toCharArray(), from);
    if (login instanceof LocalUsers.Throttled t) {
      throw LoginThrottledException.of(t.retryAfter());
    } else if (login instanceof LocalUsers.Rejected) {
      return ErrorMappers.error(
          Response.Status.UNAUTHORIZED, "login_failed", "unknown user or wrong password");
    } else if (login instanceof LocalUsers.Accepted a) {
      String token = sessions.open(a.user().name());
      return Response.ok(
              new Me(
                  a.user().name(),
                  List.copyOf(a.user().role().impliedNames()),
                  roles.anonymousRead()))
          .cookie(cookie(token, -1))
          .build();
    }
    throw new IllegalStateException("unhandled login outcome " + login);
  }

  @DELETE
  public Response logout(@CookieParam(PageSessions.COOKIE) @Nullable String token) {
    if (token != null) {
      sessions.close(token);
    }
    return Response.noContent().cookie(cookie("", 0)).build();
  }

  private static NewCookie cookie(String value, int maxAge) {
    return new NewCookie.Builder(PageSessions.COOKIE)
        .value(value)
        .path("/")
        .httpOnly(true)
        .sameSite(NewCookie.SameSite.STRICT)
        .maxAge(maxAge)
        .build();
  }
}
