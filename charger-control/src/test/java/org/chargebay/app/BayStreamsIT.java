package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.chargebay.events.EventEnvelope;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live streams against the running demo, read as a browser's EventSource would: lines of {@code
 * id:}, {@code event:} and {@code data:} separated by blank lines.
 */
@QuarkusTest
@TestProfile(BayStreamsIT.Profile.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class BayStreamsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * Its own demo, with a clock slow enough (x3000: the 13S demo pack charges in about a minute)
   * that the events arrive while the client listens.
   */
  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("chargebay.demo.clock-speed", "3000");
    }
  }

  @Inject BayRegistry registry;

  @TestHTTPResource("/")
  URI base;

  /** One server-sent event. */
  record Sse(@Nullable String id, String event, String data) {}

  /** Reads events from a stream until {@code n} arrived; closes the connection after. */
  private List<Sse> read(String path, @Nullable String lastEventId, int n, Duration max) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Accept", "text/event-stream")
            .header("Authorization", TestLogins.VIEWER.basicHeader())
            .timeout(max);
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<Stream<String>> r;
    try {
      r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    List<Sse> out = new ArrayList<>();
    long deadline = System.nanoTime() + max.toNanos();
    try (Stream<String> lines = r.body()) {
      Iterator<String> it = lines.iterator();
      String id = null;
      String event = "message";
      StringBuilder data = new StringBuilder();
      while (out.size() < n) {
        assertThat(System.nanoTime()).as("%d events within %s", n, max).isLessThan(deadline);
        String line = it.next();
        if (line.isEmpty()) {
          if (data.length() > 0) {
            out.add(new Sse(id, event, data.toString()));
          }
          id = null;
          event = "message";
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).stripLeading());
        }
      }
    }
    return out;
  }

  @Test
  void the_journal_stream_delivers_the_demo_events_live_and_resumes_after_last_event_id() {
    List<Sse> first = read("/api/bays/demo-1/events/stream", null, 3, Duration.ofSeconds(60));
    assertThat(first).extracting(Sse::event).containsOnly("journal");
    assertThat(first).extracting(Sse::id).containsExactly("1", "2", "3");
    assertThat(tree(first.get(0).data()).path("type").asText()).isEqualTo("ChargeStarted");
    assertThat(registry.bay("demo-1").orElseThrow().state().phase().name())
        .as("the charge is still running: the rest comes live")
        .isNotEqualTo("COMPLETE");

    // reconnect as a browser does: the last id received in Last-Event-ID
    List<Sse> rest = new ArrayList<>();
    String last = first.get(first.size() - 1).id();
    while (rest.isEmpty() || !isCompleted(rest.get(rest.size() - 1))) {
      List<Sse> more = read("/api/bays/demo-1/events/stream", last, 1, Duration.ofSeconds(120));
      rest.addAll(more);
      last = more.get(more.size() - 1).id();
    }
    List<Sse> all = new ArrayList<>(first);
    all.addAll(rest);
    List<EventEnvelope> journal = registry.store().orElseThrow().readStream("bay-demo-1", 1);
    assertThat(all)
        .as("every journal event once, in order, across %d reconnections", rest.size())
        .extracting(Sse::id)
        .containsExactlyElementsOf(journal.stream().map(e -> Long.toString(e.sequence())).toList());
    assertThat(all)
        .extracting(s -> tree(s.data()).path("type").asText())
        .containsExactlyElementsOf(journal.stream().map(EventEnvelope::type).toList());
  }

  @Test
  void a_malformed_last_event_id_is_a_400() {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(base.resolve("/api/bays/demo-1/events/stream"))
                .header("Authorization", TestLogins.VIEWER.basicHeader())
                .header("Last-Event-ID", "abc"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("Last-Event-ID");
  }

  @Test
  void the_status_stream_sends_every_bay_then_its_changes() {
    List<Sse> events = read("/api/bays/stream", null, 3, Duration.ofSeconds(60));
    assertThat(events).extracting(Sse::event).containsOnly("status");
    List<JsonNode> statuses = events.stream().map(s -> tree(s.data())).toList();
    // the first status of each of the three demo bays, in the order they are listed
    assertThat(statuses)
        .extracting(j -> j.path("id").asText())
        .containsExactly("demo-1", "demo-2", "demo-3");
    List<String> withoutTimes =
        statuses.stream()
            .map(
                j -> {
                  com.fasterxml.jackson.databind.node.ObjectNode o = j.deepCopy();
                  o.remove(List.of("updatedAt", "bmsAgeMillis", "supplyAgeMillis"));
                  return o.toString();
                })
            .toList();
    assertThat(withoutTimes).as("each event after the first is a change").doesNotHaveDuplicates();
    assertThat(statuses.get(0).path("phase").asText()).isIn("IDLE", "PRECHARGE", "CC", "CV");
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isCompleted(Sse s) {
    return tree(s.data()).path("type").asText().equals("ChargeCompleted");
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return HTTP.send(
          b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
