package org.chargebay.app;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who is acting and from where, for events and the audit trail: always the authenticated principal
 * and the connection's client address, never a name from the request body.
 *
 * @param name the principal's name (a local user, or the OIDC token's principal claim)
 * @param from the client address (behind a proxy only if {@code quarkus.http.proxy.*} trusts it)
 */
public record Actor(String name, String from) {

  /** The caller of the current request; it must be authenticated (the resource's roles say so). */
  public static Actor of(SecurityIdentity identity, HttpServerRequest request) {
    if (identity.isAnonymous()) {
      throw new IllegalStateException("a command reached its resource without a login");
    }
    String from =
        request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    return new Actor(identity.getPrincipal().getName(), from);
  }
}
