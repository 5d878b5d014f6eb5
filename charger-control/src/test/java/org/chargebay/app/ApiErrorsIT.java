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
import java.util.ArrayList;
import java.util.Arrays;
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
import org.junit.jupiter.params.provider.MethodSource;

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

  // 1. the corpus: every endpoint with wrong types, missing fields, malformed and oversized bodies,
  // unknown ids, wrong methods, media types and parameters, each refused with its status and code

  /**
   * One refused request and what it must get: {@code status}, {@code code} and a reason containing
   * each of {@code reason}. A null content type or body is not sent at all.
   */
  record Case(
      String method,
      String path,
      @Nullable String contentType,
      @Nullable String body,
      int status,
      String code,
      List<String> reason) {
    @Override
    public String toString() {
      String shown = body == null ? "" : body.length() > 60 ? body.substring(0, 60) + "..." : body;
      return method
          + " "
          + path
          + (contentType == null ? "" : " [" + contentType + "]")
          + " "
          + shown;
    }
  }

  private static final String BAY = "/api/bays/bench1";
  private static final String JSON = "application/json";

  /** The JSON fields of each POST body, with the type each takes. */
  private static final Map<String, Map<String, String>> BODY_FIELDS =
      Map.of(
          "start",
          Map.of(
              "sessionId", "a string",
              "cellCeilingVolts", "a number",
              "currentAmps", "a number",
              "taperAmps", "a number",
              "packLabel", "a string"),
          "stop",
          Map.of("reason", "a string"),
          "acknowledge",
          Map.of("note", "a string"),
          "ceiling",
          Map.of("cellCeilingVolts", "a number"));

  /** Values of the wrong JSON type for a field of each type. */
  private static final Map<String, List<String>> WRONG_TYPE =
      Map.of(
          "a number", List.of("\"abc\"", "\"\"", "true", "{}", "[1]"),
          "a string", List.of("1", "2.5", "true", "{\"name\": \"x\"}", "[\"a\"]"));

  static List<Case> corpus() {
    List<Case> c = new ArrayList<>();
    for (String endpoint : List.of("start", "stop", "acknowledge", "ceiling")) {
      String path = BAY + "/" + endpoint;
      Map<String, String> fields = BODY_FIELDS.get(endpoint);
      String first = fields.keySet().stream().sorted().findFirst().orElseThrow();
      for (var f : fields.entrySet()) {
        for (String v : WRONG_TYPE.get(f.getValue())) {
          c.add(
              bad(
                  path,
                  "{\"" + f.getKey() + "\": " + v + "}",
                  "field '" + f.getKey() + "'",
                  f.getValue()));
        }
      }
      c.add(bad(path, "{\"bogus\": 1}", "unknown field 'bogus'", first));
      String twice = fields.get(first).equals("a number") ? "1" : "\"a\"";
      c.add(
          bad(
              path,
              "{\"" + first + "\": " + twice + ", \"" + first + "\": " + twice + "}",
              "Duplicate field '" + first + "'"));
      c.add(bad(path, "{not json", "not valid JSON", "line 1, column 2"));
      c.add(bad(path, "{\"" + first + "\": ", "not valid JSON"));
      c.add(bad(path, "[1]", "a JSON object"));
      c.add(bad(path, "\"text\"", "a JSON object"));
      c.add(bad(path, "42", "a JSON object"));
      c.add(bad(path, "{} {}", "after the JSON object"));
      c.add(
          new Case(
              "POST",
              path,
              JSON,
              "{\"" + first + "\": \"" + "x".repeat(JsonBodies.MAX_BYTES) + "\"}",
              413,
              "payload_too_large",
              List.of("16384 bytes")));
      c.add(
          new Case(
              "POST",
              path,
              "text/plain",
              "{}",
              415,
              "unsupported_media_type",
              List.of("text/plain", JSON)));
      c.add(new Case("POST", path, null, "{}", 415, "unsupported_media_type", List.of(JSON)));
      c.add(
          new Case(
              "POST",
              path,
              "application/x-www-form-urlencoded",
              "a=b",
              415,
              "unsupported_media_type",
              List.of("application/x-www-form-urlencoded")));
      c.add(
          new Case(
              "POST", path, "garbage", "{}", 415, "unsupported_media_type", List.of("garbage")));
      for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
        c.add(
            new Case(method, path, null, null, 405, "method_not_allowed", List.of(method, "POST")));
      }
      // an unknown bay is a 404 whatever the body
      String nope = "/api/bays/nope/" + endpoint;
      for (String body : Arrays.asList(null, "{}", "{not json", "{\"bogus\": 1}")) {
        c.add(
            new Case(
                "POST",
                nope,
                body == null ? null : JSON,
                body,
                404,
                "unknown_bay",
                List.of("'nope'", "bench1")));
      }
      c.add(new Case("POST", nope, "text/plain", "hello", 404, "unknown_bay", List.of("'nope'")));
      c.add(new Case("PUT", nope, JSON, "{}", 404, "unknown_bay", List.of("'nope'", "bench1")));
      c.add(new Case("GET", nope, null, null, 404, "unknown_bay", List.of("'nope'", "bench1")));
    }
    // who acts is the login: a name in the body is refused, never recorded
    c.add(bad(BAY + "/acknowledge", "{\"operator\": \"ana\"}", "unknown field 'operator'"));
    c.add(bad(BAY + "/stop", "{\"by\": \"ana\"}", "unknown field 'by'"));
    c.add(
        bad(
            BAY + "/ceiling",
            "{\"cellCeilingVolts\": 4.1, \"by\": \"ana\"}",
            "unknown field 'by'"));
    // missing required fields
    String ceiling = BAY + "/ceiling";
    c.add(new Case("POST", ceiling, null, null, 400, "bad_request", List.of("cellCeilingVolts")));
    c.add(bad(ceiling, "{}", "cellCeilingVolts"));
    c.add(bad(ceiling, "{\"cellCeilingVolts\": 4.1505}", "cellCeilingVolts", "3 decimals"));
    c.add(bad(ceiling, "{\"cellCeilingVolts\": -4.1}", "cellCeilingVolts"));
    // bays added at runtime (admin) and pack history
    String admin = "/api/admin/bays/";
    c.add(new Case("PUT", admin + "bad%20id!", JSON, "{}", 400, "bad_request", List.of("bay id")));
    c.add(new Case("PUT", admin + "x1", JSON, "{not json", 400, "bad_request", List.of("JSON")));
    c.add(
        new Case(
            "PUT",
            admin + "x1",
            JSON,
            "{\"supply\": {\"url\": \"modbus-tcp://127.0.0.1:1\"},"
                + " \"bms\": {\"url\": \"tcp://127.0.0.1:1\"}}",
            400,
            "bad_request",
            List.of("field 'profile' is required")));
    c.add(
        new Case(
            "PUT",
            admin + "x1",
            JSON,
            "{\"colour\": \"red\"}",
            400,
            "bad_request",
            List.of("unknown field 'colour'")));
    c.add(
        new Case(
            "PUT",
            admin + "x1",
            "text/plain",
            "{}",
            415,
            "unsupported_media_type",
            List.of("text/plain")));
    c.add(new Case("DELETE", admin + "nope", null, null, 404, "unknown_bay", List.of("nope")));
    c.add(
        new Case(
            "DELETE", admin + "bench1", null, null, 409, "configured_in_file", List.of("bench1")));
    c.add(
        new Case(
            "GET",
            "/api/packs/no-such-pack",
            null,
            null,
            404,
            "unknown_pack",
            List.of("no-such-pack")));
    // values of the right type out of range
    String start = BAY + "/start";
    c.add(bad(start, "{\"cellCeilingVolts\": 4.5}", "cellCeilingVolts", "only tighten"));
    c.add(bad(start, "{\"cellCeilingVolts\": -4.1}", "cellCeilingVolts", "negative"));
    c.add(bad(start, "{\"cellCeilingVolts\": 4.1505}", "cellCeilingVolts", "3 decimals"));
    c.add(bad(start, "{\"cellCeilingVolts\": 1.5}", "cellCeilingVolts"));
    c.add(bad(start, "{\"currentAmps\": 1e12}", "currentAmps"));
    c.add(bad(start, "{\"currentAmps\": 0}", "currentAmps"));
    c.add(bad(start, "{\"currentAmps\": 3.0}", "currentAmps", "only tighten"));
    c.add(bad(start, "{\"taperAmps\": 5}", "taperAmps"));
    c.add(bad(start, "{\"taperAmps\": 0}", "taperAmps"));
    c.add(bad(start, "{\"taperAmps\": -0.1}", "taperAmps"));
    c.add(bad(start, "{\"sessionId\": \"" + "s".repeat(129) + "\"}", "sessionId", "128"));
    c.add(bad(start, "{\"sessionId\": \"a\\u0007b\"}", "sessionId", "control"));
    c.add(bad(start, "{\"targetSocPct\": 10}", "targetSocPct", "20..100"));
    c.add(bad(start, "{\"targetSocPct\": 101}", "targetSocPct", "20..100"));
    c.add(bad(start, "{\"startAt\": \"tomorrow\"}", "startAt", "ISO-8601"));
    c.add(bad(start, "{\"startAt\": \"2020-01-01T00:00:00Z\"}", "startAt", "not ahead"));
    c.add(bad(start, "{\"finishBy\": \"2020-01-01T00:00:00Z\"}", "finishBy", "not ahead"));
    c.add(bad(start, "{\"finishBy\": \"2999-01-01T00:00:00Z\"}", "finishBy", "7 days"));
    c.add(
        bad(
            start,
            "{\"startAt\": \"2999-01-01T00:00:00Z\", \"finishBy\": \"2999-01-02T00:00:00Z\"}",
            "startAt and finishBy"));
    // GET endpoints
    for (String path : List.of("/api/bays", BAY, BAY + "/events")) {
      c.add(new Case("GET", path, null, null, 406, "not_acceptable", List.of(JSON)));
      for (String method : List.of("POST", "PUT", "DELETE")) {
        c.add(
            new Case(method, path, null, null, 405, "method_not_allowed", List.of(method, "GET")));
      }
    }
    c.add(
        new Case(
            "GET", "/api/bays/nope", null, null, 404, "unknown_bay", List.of("'nope'", "bench1")));
    c.add(
        new Case(
            "GET",
            "/api/bays/nope/events",
            null,
            null,
            404,
            "unknown_bay",
            List.of("'nope'", "bench1")));
    c.add(
        new Case(
            "GET",
            "/api/bays/nope/events?limit=abc",
            null,
            null,
            404,
            "unknown_bay",
            List.of("'nope'")));
    c.add(new Case("DELETE", "/api/bays/nope", null, null, 404, "unknown_bay", List.of("'nope'")));
    c.add(
        new Case(
            "GET", "/api/bays/nope/whatever", null, null, 404, "unknown_bay", List.of("'nope'")));
    for (String q :
        List.of(
            "limit=abc", "limit=1.5", "limit=0", "limit=-1", "limit=5001", "limit=99999999999")) {
      c.add(
          new Case(
              "GET",
              BAY + "/events?" + q,
              null,
              null,
              400,
              "bad_request",
              List.of("'limit'", "1..5000")));
    }
    for (String q : List.of("from=abc", "from=0", "from=-3", "from=99999999999999999999")) {
      c.add(
          new Case(
              "GET",
              BAY + "/events?" + q,
              null,
              null,
              400,
              "bad_request",
              List.of("'from'", "1..9223372036854775807")));
    }
    c.add(new Case("GET", "/api/nothing", null, null, 404, "not_found", List.of("/api/nothing")));
    c.add(
        new Case(
            "GET", BAY + "/whatever", null, null, 404, "not_found", List.of(BAY + "/whatever")));
    return c;
  }

  private static Case bad(String path, String body, String... reason) {
    return new Case("POST", path, JSON, body, 400, "bad_request", List.of(reason));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void every_bad_request_is_a_json_error_with_its_status_and_a_reason_naming_the_fault(Case c) {
    Map<String, String> headers = c.status() == 406 ? Map.of("Accept", "text/plain") : Map.of();
    send(c.method(), c.path(), c.contentType(), c.body(), headers)
        .assertError(c.status(), c.code(), c.reason().toArray(String[]::new));
  }

  @Test
  void a_start_without_body_or_content_type_starts_the_bay_and_a_bare_stop_stops_it() {
    await(b -> b.get("packVolts") != null && "IDLE".equals(b.getString("phase")));

    Reply started = post("/api/bays/bench1/start", null, null);
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    assertThat(started.json().getList("events", String.class)).contains("ChargeStarted");

    Reply stopped = post("/api/bays/bench1/stop", null, null);
    assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
    // the configured bay ramps down: the answer holds the ramp, its ChargeStopped follows
    assertThat(stopped.json().getList("events", String.class))
        .contains("RampDownStarted")
        .doesNotContain("ChargeStopped");
    await(b -> "IDLE".equals(b.getString("phase")));
    List<String> types = get("/api/bays/bench1/events").json().getList("type", String.class);
    int ramp = types.lastIndexOf("RampDownStarted");
    int end = types.lastIndexOf("ChargeStopped");
    assertThat(end).as("%s", types).isGreaterThan(ramp);
    assertThat(types.subList(ramp + 1, end))
        .as("the ramp's steps, one per poll, before the output opens")
        .filteredOn("SetpointChanged"::equals)
        .hasSize(3);
  }

  // 3. query parameters of /events

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
  void a_chunked_body_over_the_limit_is_a_413_naming_the_limit() {
    byte[] big =
        ("{\"sessionId\": \"" + "x".repeat(JsonBodies.MAX_BYTES) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    Reply r =
        send(
            TestLogins.ADMIN
                .on(HttpRequest.newBuilder(base.resolve("/api/bays/bench1/start")))
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
              + "Authorization: "
              + TestLogins.ADMIN.basicHeader()
              + "\r\n"
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
    assertThat(
            exchange(
                    h2,
                    TestLogins.ADMIN.on(HttpRequest.newBuilder(base.resolve("/api/bays"))).GET())
                .version())
        .isEqualTo(HttpClient.Version.HTTP_2);
    String big = "{\"sessionId\": \"" + "x".repeat(JsonBodies.MAX_BYTES) + "\"}";
    HttpResponse<String> r =
        exchange(
            h2,
            TestLogins.ADMIN
                .on(HttpRequest.newBuilder(base.resolve("/api/bays/bench1/start")))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(big)));
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    new Reply(r.statusCode(), r.headers(), r.body())
        .assertError(413, "payload_too_large", "16384 bytes");
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
    // an administrator may call every endpoint: the refusals tested here are the request's own
    if (!headers.containsKey("Authorization")) {
      b.header("Authorization", TestLogins.ADMIN.basicHeader());
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
    HttpRequest r = request.timeout(Duration.ofSeconds(30)).build();
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
      // a pause between polls: a busy loop of requests takes the CPU the bays' loops need
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
    throw new AssertionError(
        "bay not as expected within " + max + ": " + (last == null ? "" : last.prettify()));
  }
}
