package org.chargebay.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a user may do. Each role includes the ones below it: an {@link #ADMIN} is also an {@link
 * #OPERATOR}, an operator also a {@link #VIEWER}. The names are the strings used in the user file,
 * in OIDC role claims and in {@code @RolesAllowed} ({@link #VIEWER_NAME} and friends are the
 * compile-time constants for annotations).
 */
public enum Role {
  /** Reads status, events, the audit trail and the live streams. */
  VIEWER,
  /** Also starts and stops sessions, adjusts ceilings and acknowledges faults. */
  OPERATOR,
  /** Also manages bays and users. */
  ADMIN;

  /** {@code @RolesAllowed(Role.VIEWER_NAME)}: any logged-in user (or anonymous read, if on). */
  public static final String VIEWER_NAME = "viewer";

  /** {@code @RolesAllowed(Role.OPERATOR_NAME)}: operators and admins. */
  public static final String OPERATOR_NAME = "operator";

  /** {@code @RolesAllowed(Role.ADMIN_NAME)}: admins only. */
  public static final String ADMIN_NAME = "admin";

  /** The name as written in the user file and in role checks. */
  public String roleName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** This role and every role it includes, by name. */
  public Set<String> impliedNames() {
    Set<String> names = new TreeSet<>();
    for (Role r : values()) {
      if (r.ordinal() <= ordinal()) {
        names.add(r.roleName());
      }
    }
    return names;
  }

  /** The role called {@code name} (case-insensitive), if there is one. */
  public static Optional<Role> named(String name) {
    return Arrays.stream(values()).filter(r -> r.roleName().equalsIgnoreCase(name)).findFirst();
  }

  /** The names every role answers to, for error messages: {@code viewer, operator, admin}. */
  public static String allNames() {
    return String.join(", ", Arrays.stream(values()).map(Role::roleName).toList());
  }
}
