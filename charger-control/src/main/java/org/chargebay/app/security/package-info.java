/**
 * Logins and roles over HTTP: HTTP Basic and the page's session cookie checked against the local
 * user file, optional OIDC bearer tokens (quarkus-oidc, configuration only), role implication and
 * anonymous read, and the JSON answers for 401, 403 and throttled logins.
 */
@NullMarked
package org.chargebay.app.security;

import org.jspecify.annotations.NullMarked;
