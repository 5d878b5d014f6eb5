package org.chargebay.app.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.TreeSet;
import org.chargebay.app.BayRegistry;
import org.chargebay.auth.Role;

/**
 * Applies the role model to every identity, whatever logged it in: an OIDC token's {@code admin}
 * also counts as operator and viewer. An anonymous caller gets {@code viewer} when anonymous read
 * is on ({@code chargebay.auth.anonymous-read}; unset: on for the demo only), and nothing more.
 */
@ApplicationScoped
public class RoleAugmentor implements SecurityIdentityAugmentor {

  @Inject AuthConfig config;
  @Inject BayRegistry registry;

  @Override
  public Uni<SecurityIdentity> augment(
      SecurityIdentity identity, AuthenticationRequestContext context) {
    if (identity.isAnonymous()) {
      if (!anonymousRead()) {
        return Uni.createFrom().item(identity);
      }
      return Uni.createFrom()
          .item(QuarkusSecurityIdentity.builder(identity).addRole(Role.VIEWER_NAME).build());
    }
    Set<String> implied = new TreeSet<>();
    for (String held : identity.getRoles()) {
      Role.named(held).ifPresent(r -> implied.addAll(r.impliedNames()));
    }
    if (identity.getRoles().containsAll(implied)) {
      return Uni.createFrom().item(identity);
    }
    return Uni.createFrom()
        .item(QuarkusSecurityIdentity.builder(identity).addRoles(implied).build());
  }

  /** Whether a caller without a login may read. */
  public boolean anonymousRead() {
    return config.anonymousRead().orElse(registry.demo());
  }
}
