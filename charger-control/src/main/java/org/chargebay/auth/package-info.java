/**
 * Who may do what, without Quarkus: the three {@link org.chargebay.auth.Role}s, the local user file
 * with bcrypt hashes ({@link org.chargebay.auth.UserFile}, {@link
 * org.chargebay.auth.PasswordHashes}) and the failed-login throttle ({@link
 * org.chargebay.auth.LoginThrottle}). The HTTP side lives in {@code org.chargebay.app.security}.
 */
@NullMarked
package org.chargebay.auth;

import org.jspecify.annotations.NullMarked;
