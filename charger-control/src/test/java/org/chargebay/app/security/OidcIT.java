package org.chargebay.app.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.chargebay.app.BayRegistry;
import org.chargebay.app.TestLogins;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.CommandAudited;
import org.chargebay.events.RampDownStarted;
import org.chargebay.events.codec.EventCodec;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on turned on by configuration only ({@link TestOidcProvider}: a provider on loopback
 * with a key of the test's own): a bearer token's roles come from the configured claim and its
 * principal claim is the acting user; a viewer's token is refused 403, no token and a token signed
 * by another key 401; the local logins keep working beside it.
 */
@QuarkusTest
@TestProfile(OidcIT.Profile.class)
@QuarkusTestResource(value = TestOidcProvider.class, restrictToAnnotatedClass = true)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OidcIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Its own demo app, with OIDC on (the provider's keys are set by the resource). */
  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // reads need a login here too, so that a missing token is a 401 on reads as well
      return Map.of("chargebay.auth.anonymous-read", "false");
    }
  }

  @Inject BayRegistry registry;

  @Test
  void an_operator_token_stops_a_bay_as_its_principal_and_a_viewer_token_gets_403() {
    String viewer = TestOidcProvider.token("vic", "viewer");
    given()
        .auth()
        .oauth2(viewer)
        .get("/api/bays")
        .then()
        .statusCode(200)
        .body("[0].id", equalTo("demo-1"));
    given()
        .auth()
        .oauth2(viewer)
        .get("/api/session")
        .then()
        .statusCode(200)
        .body("name", equalTo("vic"));
    awaitCharging();
    given()
        .auth()
        .oauth2(viewer)
        .contentType("application/json")
        .body("{\"reason\": \"test\"}")
        .post("/api/bays/demo-1/stop")
        .then()
        .statusCode(403)
        .body("error", equalTo("forbidden"));
    assertThat(registry.bay("demo-1").orElseThrow().state().phase().inSession())
        .as("the viewer's stop did nothing")
        .isTrue();

    given()
        .auth()
        .oauth2(TestOidcProvider.token("ana", "operator"))
        .contentType("application/json")
        .body("{\"reason\": \"sso stop\"}")
        .post("/api/bays/demo-1/stop")
        .then()
        .statusCode(200)
        .body("events", hasItem("RampDownStarted"));
    awaitOutOfSession(); // the demo bay ramps the current down first; ChargeStopped follows

    List<ChargeEvent> bay =
        registry.store().orElseThrow().readStream("bay-demo-1", 1).stream()
            .map(EventCodec.standard()::decode)
            .toList();
    assertThat(bay)
        .filteredOn(ChargeStopped.class::isInstance)
        .extracting(e -> ((ChargeStopped) e).by() + ": " + ((ChargeStopped) e).reason())
        .containsExactly("ana: sso stop");
    assertThat(bay)
        .filteredOn(RampDownStarted.class::isInstance)
        .extracting(e -> ((RampDownStarted) e).by() + ": " + ((RampDownStarted) e).reason())
        .containsExactly("ana: sso stop");
    List<CommandAudited> audit =
        registry.store().orElseThrow().readStream(CommandAudited.STREAM, 1).stream()
            .map(e -> (CommandAudited) EventCodec.standard().decode(e))
            .toList();
    assertThat(audit)
        .extracting(a -> a.by() + " " + a.action() + " " + a.outcome())
        .contains("ana charge_stop done");
  }

  @Test
  void no_token_and_a_token_signed_by_another_key_get_401() {
    given().get("/api/bays").then().statusCode(401);
    given().post("/api/bays/demo-1/stop").then().statusCode(401);
    given()
        .auth()
        .oauth2(TestOidcProvider.tokenOfAnotherKey("mallory", "admin"))
        .post("/api/bays/demo-1/stop")
        .then()
        .statusCode(401);
    given()
        .auth()
        .oauth2(TestOidcProvider.tokenOfAnotherKey("mallory", "admin"))
        .get("/api/bays")
        .then()
        .statusCode(401);
    given().auth().oauth2("not-a-jwt").get("/api/bays").then().statusCode(401);
  }

  @Test
  void the_roles_come_from_the_configured_claim_and_local_logins_still_work() {
    // an admin token manages bays; a token without the claim's roles is a viewer at most
    given()
        .auth()
        .oauth2(TestOidcProvider.token("root", "admin"))
        .get("/api/admin/bays")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(TestOidcProvider.token("nobody"))
        .get("/api/admin/bays")
        .then()
        .statusCode(403);
    TestLogins.ADMIN.given().get("/api/admin/bays").then().statusCode(200);
  }

  private void awaitOutOfSession() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (registry.bay("demo-1").orElseThrow().state().phase().inSession()) {
      assertThat(System.nanoTime()).as("the demo bay stops within %s", WAIT).isLessThan(deadline);
      LockSupport.parkNanos(20_000_000L);
    }
  }

  private void awaitCharging() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!registry.bay("demo-1").orElseThrow().state().phase().charging()) {
      assertThat(System.nanoTime()).as("the demo bay charges within %s", WAIT).isLessThan(deadline);
      LockSupport.parkNanos(20_000_000L);
    }
  }
}
