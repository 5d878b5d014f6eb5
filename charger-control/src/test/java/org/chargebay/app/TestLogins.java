package org.chargebay.app;

import io.restassured.specification.RequestSpecification;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The accounts of {@code src/test/resources/test-users} (bcrypt cost 4), for tests that call the
 * API as a viewer, an operator or an admin.
 */
public enum TestLogins {
  VIEWER("viewer", "viewer-pass-1"),
  OPERATOR("operator", "operator-pass-1"),
  ADMIN("admin", "admin-pass-1");

  public final String name;
  public final String password;

  TestLogins(String name, String password) {
    this.name = name;
    this.password = password;
  }

  /** A RestAssured request with this user's HTTP Basic credentials, sent up front. */
  public RequestSpecification given() {
    return io.restassured.RestAssured.given().auth().preemptive().basic(name, password);
  }

  /** The {@code Authorization} header value. */
  public String basicHeader() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code builder} with this user's credentials. */
  public HttpRequest.Builder on(HttpRequest.Builder builder) {
    return builder.header("Authorization", basicHeader());
  }

  /** An operator request, the usual case. */
  public static RequestSpecification asOperator() {
    return OPERATOR.given();
  }
}
