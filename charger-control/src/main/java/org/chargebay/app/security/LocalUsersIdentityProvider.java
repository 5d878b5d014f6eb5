package org.chargebay.app.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.chargebay.auth.UserFile.User;

/** Name and password against the local user file, behind the failed-login throttle. */
@ApplicationScoped
public class LocalUsersIdentityProvider
    implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

  @Inject LocalUsers users;

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    String address = clientAddress(HttpSecurityUtils.getRoutingContextAttribute(request));
    return context.runBlocking(
        () -> {
          LocalUsers.Login login =
              users.check(request.getUsername(), request.getPassword().getPassword(), address);
          if (login instanceof LocalUsers.Accepted a) {
            return identity(a.user());
          } else if (login instanceof LocalUsers.Throttled t) {
            throw LoginThrottledException.of(t.retryAfter());
          } else if (login instanceof LocalUsers.Rejected) {
            throw new AuthenticationFailedException("unknown user or wrong password");
          }
          throw new IllegalStateException("unhandled login outcome " + login);
        });
  }

  /** The identity of a local user, with every role its own includes. */
  static SecurityIdentity identity(User user) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(user.name()))
        .addRoles(user.role().impliedNames())
        .build();
  }

  /** The caller's address as Vert.x sees it (forwarded headers only if configured to trust). */
  static String clientAddress(RoutingContext context) {
    if (context == null || context.request().remoteAddress() == null) {
      return "unknown";
    }
    return context.request().remoteAddress().hostAddress();
  }
}
