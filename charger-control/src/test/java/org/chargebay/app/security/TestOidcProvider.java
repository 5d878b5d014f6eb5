package org.chargebay.app.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal OpenID Connect provider on 127.0.0.1 for tests: it serves only the discovery document
 * and the JWKS (one RSA key generated at start), and signs RS256 tokens for the test itself. It
 * turns the controller's OIDC on through configuration only: the tenant, the provider's URL, the
 * client id, the roles claim ({@value #ROLES_CLAIM}) and the principal claim ({@code
 * preferred_username}).
 */
public class TestOidcProvider implements QuarkusTestResourceLifecycleManager {
  /** The claim the roles are taken from, as configured. */
  static final String ROLES_CLAIM = "chargebay_roles";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY_ID = "test-key-1";

  private static volatile KeyPair key;
  private static volatile String issuer;
  private HttpServer server;

  @Override
  public Map<String, String> start() {
    key = rsa();
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the test OIDC provider", e);
    }
    issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
    server.createContext(
        "/realms/test/.well-known/openid-configuration",
        exchange ->
            json(
                exchange,
                Map.of(
                    "issuer", issuer,
                    "jwks_uri", issuer + "/jwks",
                    "id_token_signing_alg_values_supported", List.of("RS256"),
                    "subject_types_supported", List.of("public"),
                    "response_types_supported", List.of("code"))));
    server.createContext(
        "/realms/test/jwks",
        exchange -> json(exchange, Map.of("keys", List.of(jwk((RSAPublicKey) key.getPublic())))));
    server.start();
    return Map.of(
        "quarkus.oidc.tenant-enabled", "true",
        "quarkus.oidc.auth-server-url", issuer,
        "quarkus.oidc.client-id", "chargebay",
        "quarkus.oidc.application-type", "service",
        "quarkus.oidc.roles.role-claim-path", ROLES_CLAIM,
        "quarkus.oidc.token.principal-claim", "preferred_username");
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A token for {@code user} holding {@code roles}, signed with the provider's key. */
  static String token(String user, String... roles) {
    return sign(key, user, roles);
  }

  /** The same token, but signed with a key the provider never published (same key id). */
  static String tokenOfAnotherKey(String user, String... roles) {
    return sign(rsa(), user, roles);
  }

  private static String sign(KeyPair with, String user, String... roles) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    header.put("kid", KEY_ID);
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("sub", "subject-" + user);
    claims.put("aud", "chargebay");
    claims.put("iat", now);
    claims.put("exp", now + 600);
    claims.put("preferred_username", user);
    claims.put(ROLES_CLAIM, Arrays.asList(roles));
    try {
      String signingInput =
          b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(with.getPrivate());
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64(rs256.sign());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a test token", e);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> jwk(RSAPublicKey publicKey) {
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "RSA");
    jwk.put("kid", KEY_ID);
    jwk.put("use", "sig");
    jwk.put("alg", "RS256");
    jwk.put("n", b64(unsigned(publicKey.getModulus())));
    jwk.put("e", b64(unsigned(publicKey.getPublicExponent())));
    return jwk;
  }

  /** The big-endian magnitude without the sign byte a JWK does not have. */
  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void json(HttpExchange exchange, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
