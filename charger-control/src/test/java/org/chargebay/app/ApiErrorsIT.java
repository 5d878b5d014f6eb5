package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every refused API call answers JSON {@code {"error": code, "reason": sentence}} with the right
 * status, and the reason names what was wrong (the field, the parameter, the bay, the method).
 * Requests are sent with {@link HttpClient} so that each one carries exactly the headers the test
 * names: no body and no {@code Content-Type} means none is sent.
 */
@QuarkusTest
@TestProfile(ApiErrorsIT.Profile.class)
@QuarkusTestResource(value = SimulatedBenchResource.class, restrictToAnnotatedClass = true)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ApiErrorsIT {

  /** Its own profile: one bay ({@code bench1}) that stays idle until a test starts it. */
  public static class Profile implements QuarkusTestProfile {}

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TestHTTPResource("/")
  URI base;

  /** The management interface (health); its URL's path is the management root. */
  @TestHTTPResource(value = "/", management = true)
  URI management;

  private String management(String path) {
    return "http://127.0.0.1:" + management.getPort() + path;
  }

  // 1. bodies: wrong types, malformed JSON, unknown fields

  @Test
  void a_wrongly_typed_field_is_a_400_naming_the_field_and_the_expected_type() {
    Reply r = post("/api/bays/bench1/start", "application/json", "{\"cellCeilingVolts\": \"abc\"}");
    r.assertError(400, "bad_request", "cellCeilingVolts", "a number", "\"abc\"");
  }

  @Test
  void a_wrongly_typed_field_of_the_acknowledge_body_is_a_400_naming_it() {
    Reply r =
        post("/api/bays/bench1/acknowledge", "application/json", "{\"note\": {\"text\": \"x\"}}");
    r.assertError(400, "bad_request", "note", "a string");
  }

  @Test
  void malformed_json_is_a_400_saying_where_it_broke() {
    Reply r = post("/api/bays/bench1/start", "application/json", "{not json");
    r.assertError(400, "bad_request", "not valid JSON", "line 1, column 2");
  }

  @Test
  void a_truncated_body_is_a_400() {
    Reply r = post("/api/bays/bench1/start", "application/json", "{\"currentAmps\": 1.0");
    r.assertError(400, "bad_request", "not valid JSON");
  }

  @Test
  void an_unknown_field_is_a_400_naming_it_and_the_known_fields() {
    Reply r = post("/api/bays/bench1/start", "application/json", "{\"cellCeilingVolt\": 4.0}");
    r.assertError(
        400, "bad_request", "unknown field 'cellCeilingVolt'", "cellCeilingVolts", "currentAmps");
  }

  @Test
  void a_field_given_twice_is_a_400_naming_it() {
    Reply r =
        post(
            "/api/bays/bench1/start",
            "application/json",
            "{\"currentAmps\": 1.0, \"currentAmps\": 9.0}");
    r.assertError(400, "bad_request", "Duplicate field 'currentAmps'");
  }

  @Test
  void a_number_given_as_a_string_is_a_400_naming_the_field() {
    Reply r = post("/api/bays/bench1/start", "application/json", "{\"currentAmps\": \"\"}");
    r.assertError(400, "bad_request", "field 'currentAmps' must be a number", "\"\"");
  }

  @Test
  void an_overlong_session_id_is_a_400_naming_the_field() {
    Reply r =
        post(
            "/api/bays/bench1/start",
            "application/json",
            "{\"sessionId\": \"" + "s".repeat(129) + "\"}");
    r.assertError(400, "bad_request", "sessionId", "128");
  }

  @Test
  void content_after_the_json_object_is_a_400() {
    Reply r =
        post(
            "/api/bays/bench1/start",
            "application/json",
            "{\"currentAmps\": 1.0} {\"currentAmps\": 9.0}");
    r.assertError(400, "bad_request", "after the JSON object");
  }

  @Test
  void a_body_that_is_not_an_object_is_a_400() {
    Reply r = post("/api/bays/bench1/start", "application/json", "[4.0]");
    r.assertError(400, "bad_request", "a JSON object");
  }

  @Test
  void a_number_too_large_for_the_field_is_a_400_naming_the_field() {
    Reply r = post("/api/bays/bench1/start", "application/json", "{\"currentAmps\": 1e12}");
    r.assertError(400, "bad_request", "currentAmps");
  }

  // 2. unknown bays: 404 for every endpoint and method, whatever the body

  @ParameterizedTest(name = "{0} {1} content-type={2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "POST, /api/bays/nope/start, -, -",
        "POST, /api/bays/nope/start, application/json, {}",
        "POST, /api/bays/nope/start, application/json, {not json",
        "POST, /api/bays/nope/start, text/plain, hello",
        "POST, /api/bays/nope/stop, -, -",
        "POST, /api/bays/nope/acknowledge, application/json, '{\"operator\": \"a\"}'",
        "POST, /api/bays/nope/acknowledge, -, -",
        "GET, /api/bays/nope, -, -",
        "GET, /api/bays/nope/events, -, -",
        "GET, /api/bays/nope/events?limit=abc, -, -",
        "DELETE, /api/bays/nope, -, -",
        "PUT, /api/bays/nope/start, application/json, {}",
        "GET, /api/bays/nope/start, -, -",
        "GET, /api/bays/nope/whatever, -, -",
      })
  void an_unknown_bay_is_a_404_naming_it_and_the_known_bays(
      String method, String path, @Nullable String contentType, @Nullable String body) {
    Reply r = send(method, path, contentType, body, Map.of());
    r.assertError(404, "unknown_bay", "'nope'", "bench1");
  }

  @Test
  void a_start_without_body_or_content_type_starts_the_bay_and_a_bare_stop_stops_it() {
    await(b -> b.get("packVolts") != null && "IDLE".equals(b.getString("phase")));

    Reply started = post("/api/bays/bench1/start", null, null);
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    assertThat(started.json().getList("events", String.class)).contains("ChargeStarted");

    Reply stopped = post("/api/bays/bench1/stop", null, null);
    assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
    assertThat(stopped.json().getList("events", String.class)).contains("ChargeStopped");
    await(b -> "IDLE".equals(b.getString("phase")));
  }

  // 3. query parameters of /events

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "limit=abc, limit, 1..5000",
    "limit=1.5, limit, 1..5000",
    "limit=0, limit, 1..5000",
    "limit=-1, limit, 1..5000",
    "limit=5001, limit, 1..5000",
    "limit=99999999999, limit, 1..5000",
    "from=abc, from, 1..9223372036854775807",
    "from=0, from, 1..9223372036854775807",
    "from=-3, from, 1..9223372036854775807",
    "from=99999999999999999999, from, 1..9223372036854775807",
  })
  void a_bad_events_parameter_is_a_400_naming_it_and_its_range(
      String query, String parameter, String range) {
    Reply r = get("/api/bays/bench1/events?" + query);
    r.assertError(400, "bad_request", "'" + parameter + "'", range);
  }

  @Test
  void events_parameters_at_their_limits_are_accepted() {
    Reply r = get("/api/bays/bench1/events?from=1&limit=5000");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).startsWith("[");
  }

  // 4. health: each check once per group, under its own name

  @Test
  void health_lists_each_check_once_with_distinct_names() {
    await(b -> b.get("packVolts") != null); // polled once: "polling", not "starting"
    List<String> all = get(management("/q/health")).json().getList("checks.name", String.class);
    assertThat(all).doesNotHaveDuplicates().contains("chargebay-bays-live", "chargebay-bays-ready");

    JsonPath live = get(management("/q/health/live")).json();
    assertThat(live.getList("checks.name", String.class)).containsExactly("chargebay-bays-live");
    assertThat(live.getString("status")).isEqualTo("UP");

    JsonPath ready = get(management("/q/health/ready")).json();
    assertThat(ready.getList("checks.name", String.class)).containsExactly("chargebay-bays-ready");
    assertThat(ready.getString("status")).isEqualTo("UP");
    assertThat(ready.getString("checks[0].data.'bay.bench1'")).startsWith("polling");
  }

  // 5. the other refusals of the HTTP layer

  @Test
  void a_wrong_method_is_a_405_naming_it_and_the_allowed_ones() {
    Reply r = send("DELETE", "/api/bays/bench1", null, null, Map.of());
    r.assertError(405, "method_not_allowed", "DELETE", "GET");
    assertThat(r.headers().firstValue("Allow"))
        .hasValueSatisfying(v -> assertThat(v).contains("GET"));
  }

  @Test
  void a_get_of_a_post_only_endpoint_is_a_405() {
    Reply r = get("/api/bays/bench1/start");
    r.assertError(405, "method_not_allowed", "GET", "POST");
  }

  @Test
  void an_unacceptable_accept_header_is_a_406_naming_json() {
    Reply r = send("GET", "/api/bays/bench1", null, null, Map.of("Accept", "text/plain"));
    r.assertError(406, "not_acceptable", "application/json");
  }

  @Test
  void a_body_that_is_not_json_is_a_415_naming_the_type_sent_and_the_type_expected() {
    Reply r = post("/api/bays/bench1/start", "text/plain", "{\"currentAmps\": 1.0}");
    r.assertError(415, "unsupported_media_type", "text/plain", "application/json");
  }

  @Test
  void a_body_without_content_type_is_a_415() {
    Reply r = post("/api/bays/bench1/start", null, "{\"currentAmps\": 1.0}");
    r.assertError(415, "unsupported_media_type", "application/json");
  }

  @Test
  void a_form_post_is_a_415() {
    Reply r = post("/api/bays/bench1/stop", "application/x-www-form-urlencoded", "by=me");
    r.assertError(415, "unsupported_media_type", "application/x-www-form-urlencoded");
  }

  @Test
  void a_body_over_the_limit_by_its_declared_length_is_a_413_naming_the_limit() {
    String big = "{\"sessionId\": \"" + "x".repeat(JsonBodies.MAX_BYTES) + "\"}";
    Reply r = post("/api/bays/bench1/start", "application/json", big);
    r.assertError(413, "payload_too_large", "16384 bytes");
  }

  @Test
  void a_chunked_body_over_the_limit_is_a_413_naming_the_limit() {
    byte[] big =
        ("{\"sessionId\": \"" + "x".repeat(JsonBodies.MAX_BYTES) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    Reply r =
        send(
            HttpRequest.newBuilder(base.resolve("/api/bays/bench1/start"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
    r.assertError(413, "payload_too_large", "16384 bytes");
  }

  @Test
  void a_declared_length_over_the_http_layer_limit_is_a_json_413_too() throws IOException {
    // Only the head is sent: the server must refuse on Content-Length alone (11 MB, over the HTTP
    // layer's own 10 MB limit) and close the connection. A raw socket, as the JDK 17 client
    // hangs on a refusal of "Expect: 100-continue".
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
      socket.setSoTimeout(30_000);
      String head =
          "POST /api/bays/bench1/start HTTP/1.1\r\n"
              + "Host: localhost\r\n"
              + "Content-Type: application/json\r\n"
              + "Content-Length: "
              + 11 * 1024 * 1024
              + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 413 ");
      assertThat(response.lines())
          .anySatisfy(l -> assertThat(l).isEqualToIgnoringCase("connection: close"));
      assertThat(response.lines())
          .anySatisfy(
              l ->
                  assertThat(l.toLowerCase(Locale.ROOT))
                      .startsWith("content-type: application/json"));
      JsonPath body = JsonPath.from(response.substring(response.indexOf("\r\n\r\n") + 4));
      assertThat(body.getString("error")).isEqualTo("payload_too_large");
      assertThat(body.getString("reason")).contains("16384 bytes");
    }
  }

  @Test
  void a_body_over_the_limit_over_http2_is_a_json_413() {
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    // The body-less GET upgrades the connection to HTTP/2 (h2c); the POST then rides on it.
    assertThat(exchange(h2, HttpRequest.newBuilder(base.resolve("/api/bays")).GET()).version())
        .isEqualTo(HttpClient.Version.HTTP_2);
    String big = "{\"sessionId\": \"" + "x".repeat(JsonBodies.MAX_BYTES) + "\"}";
    HttpResponse<String> r =
        exchange(
            h2,
            HttpRequest.newBuilder(base.resolve("/api/bays/bench1/start"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(big)));
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    new Reply(r.statusCode(), r.headers(), r.body())
        .assertError(413, "payload_too_large", "16384 bytes");
  }

  @Test
  void a_malformed_content_type_is_a_415() {
    Reply r = post("/api/bays/bench1/stop", "garbage", "{}");
    r.assertError(415, "unsupported_media_type", "garbage");
  }

  @Test
  void an_unknown_path_under_the_api_is_a_json_404() {
    get("/api/nothing").assertError(404, "not_found", "/api/nothing");
    get("/api/bays/bench1/whatever").assertError(404, "not_found", "/api/bays/bench1/whatever");
  }

  @Test
  void acknowledge_naming_an_operator_in_the_body_is_a_400_naming_the_field() {
    // the acting user is the login, never a name in the body
    post("/api/bays/bench1/acknowledge", "application/json", "{\"operator\": \"mallory\"}")
        .assertError(400, "bad_request", "operator");
  }

  // helpers

  record Reply(int status, java.net.http.HttpHeaders headers, String body) {
    JsonPath json() {
      return JsonPath.from(body);
    }

    void assertError(int expectedStatus, String code, String... reasonContains) {
      assertThat(status).as("status; body: %s", body).isEqualTo(expectedStatus);
      assertThat(headers.firstValue("Content-Type"))
          .as("content type; body: %s", body)
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      JsonPath j = json();
      assertThat(j.getString("error")).as(body).isEqualTo(code);
      assertThat(j.getString("reason"))
          .as(body)
          .contains(reasonContains)
          .doesNotContain("Exception", "\tat ");
      assertThat(j.getMap("$")).as(body).containsOnlyKeys("error", "reason");
    }
  }

  private Reply get(String path) {
    return send("GET", path, null, null, Map.of());
  }

  private Reply post(String path, @Nullable String contentType, @Nullable String body) {
    return send("POST", path, contentType, body, Map.of());
  }

  private Reply send(
      String method,
      String path,
      @Nullable String contentType,
      @Nullable String body,
      Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .method(
                method,
                body == null
                    ? BodyPublishers.noBody()
                    : BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    return send(b);
  }

  private static Reply send(HttpRequest.Builder request) {
    return send(HTTP, request);
  }

  private static Reply send(HttpClient client, HttpRequest.Builder request) {
    HttpResponse<String> r = exchange(client, request);
    return new Reply(r.statusCode(), r.headers(), r.body());
  }

  private static HttpResponse<String> exchange(HttpClient client, HttpRequest.Builder request) {
    // every call as the test operator: these tests are about what follows the login
    HttpRequest r =
        request
            .setHeader("Authorization", TestLogins.OPERATOR.basicHeader())
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      return client.send(r, BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(r.method() + " " + r.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private JsonPath await(Predicate<JsonPath> done) {
    Duration max = Duration.ofSeconds(20);
    long deadline = System.nanoTime() + max.toNanos();
    JsonPath last = null;
    while (System.nanoTime() < deadline) {
      Reply r = get("/api/bays/bench1");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      last = r.json();
      if (done.test(last)) {
        return last;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError(
        "bay not as expected within " + max + ": " + (last == null ? "" : last.prettify()));
  }
}
