package org.chargebay.app.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The user of a live page session, as the user file says now: a removed account's session stops
 * working at once, and a changed role applies at the next request.
 */
@ApplicationScoped
public class PageSessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

  @Inject LocalUsers users;

  @Override
  public Class<TrustedAuthenticationRequest> getRequestType() {
    return TrustedAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
    return context.runBlocking(
        () ->
            users
                .user(request.getPrincipal())
                .map(LocalUsersIdentityProvider::identity)
                .orElseThrow(
                    () ->
                        new AuthenticationFailedException(
                            "the account of this login no longer exists")));
  }
}
