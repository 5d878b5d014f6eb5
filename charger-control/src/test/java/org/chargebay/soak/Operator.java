package org.chargebay.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an operator and a depot dashboard do to a controller through its API while it runs: read
 * every bay's status and new events, and start, stop and acknowledge bays. Everything the
 * controller acknowledged (an event it served, a command it answered) is kept, to be checked
 * against the journal after the controller is killed.
 */
final class Operator implements Runnable {
  /**
   * A fact the controller acknowledged: stream {@code streamId} holds a {@code type} event whose
   * payload field {@code field} is {@code value}.
   */
  record Ack(String streamId, String type, String field, String value, String how) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final int port;
  private final int managementPort;
  private final List<String> bays;
  private final SplittableRandom random;
  private final String runTag;
  private final AtomicBoolean stop = new AtomicBoolean();

  /** Served events by stream id and sequence: (sequence -> event view JSON). */
  final Map<String, Map<Long, JsonNode>> served = new HashMap<>();

  final List<Ack> acks = new ArrayList<>();
  volatile int commands;
  volatile int failures;

  Operator(
      int port, int managementPort, List<String> bays, SplittableRandom random, String runTag) {
    this.port = port;
    this.managementPort = managementPort;
    this.bays = bays;
    this.random = random;
    this.runTag = runTag;
  }

  void stop() {
    stop.set(true);
  }

  /** Every bay's status now (phase, output), or throws if the controller does not answer. */
  JsonNode statuses() throws IOException, InterruptedException {
    return JSON.readTree(send("GET", "/api/bays", null).body());
  }

  /** Stops bay {@code id}'s session, if any (a normal stop before the soak's last check). */
  void stopQuietly(String id) throws IOException, InterruptedException {
    HttpResponse<String> r = send("POST", "/api/bays/" + id + "/stop", "{\"reason\":\"end\"}");
    if (r.statusCode() != 200 && r.statusCode() != 409) {
      throw new IOException("stop " + id + ": " + r.statusCode() + " " + r.body());
    }
  }

  /** Journal events the controller's Kafka relay has not committed yet ({@code /q/health/well}). */
  long relayLag() throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/q/health/well"))
                .timeout(Duration.ofSeconds(15))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode well = JSON.readTree(r.body());
    for (JsonNode check : well.path("checks")) {
      if (check.path("name").asText().equals("chargebay-kafka-relay")) {
        return check.path("data").path("lagEvents").asLong(-1);
      }
    }
    throw new IOException("no chargebay-kafka-relay check in " + well);
  }

  @Override
  public void run() {
    int n = 0;
    while (!stop.get()) {
      try {
        for (String bay : bays) {
          readNewEvents(bay);
        }
        if (stop.get()) {
          return;
        }
        JsonNode status = statuses();
        JsonNode one = status.get(random.nextInt(status.size()));
        String bay = one.get("id").asText();
        String phase = one.get("phase").asText();
        String token = runTag + "-" + (++n);
        command(bay, phase, token);
      } catch (IOException e) {
        failures++; // the controller is being killed, or is gone
        if (stop.get()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void command(String bay, String phase, String token)
      throws IOException, InterruptedException {
    String stream = "bay-" + bay;
    switch (phase) {
      case "FAULT" -> {
        HttpResponse<String> r =
            send("POST", "/api/bays/" + bay + "/acknowledge", "{\"note\":\"" + token + "\"}");
        commands++;
        if (r.statusCode() == 200) {
          acks.add(new Ack(stream, "FaultAcknowledged", "note", token, "acknowledge answered 200"));
        }
      }
      case "IDLE", "COMPLETE" -> start(bay, stream, token);
      case "CC", "CV" -> {
        if (random.nextInt(4) == 0) {
          HttpResponse<String> r =
              send("POST", "/api/bays/" + bay + "/stop", "{\"reason\":\"" + token + "\"}");
          commands++;
          if (r.statusCode() == 200 && r.body().contains("RampDownStarted")) {
            // the bays ramp down: the answer holds the ramp's start, its ChargeStopped follows
            acks.add(new Ack(stream, "RampDownStarted", "reason", token, "stop answered 200"));
          } else if (r.statusCode() == 200 && r.body().contains("ChargeStopped")) {
            acks.add(new Ack(stream, "ChargeStopped", "reason", token, "stop answered 200"));
          }
        }
      }
      default -> {
        // SUSPENDED: the bay resumes by itself once telemetry is fresh
      }
    }
  }

  private void start(String bay, String stream, String token)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        send("POST", "/api/bays/" + bay + "/start", "{\"sessionId\":\"" + token + "\"}");
    commands++;
    if (r.statusCode() == 200 && r.body().contains("ChargeStarted")) {
      acks.add(new Ack(stream, "ChargeStarted", "sessionId", token, "start answered 200"));
    } else if (r.statusCode() == 409 && r.body().contains("start_refused")) {
      acks.add(new Ack(stream, "StartRefused", "sessionId", token, "start answered 409"));
    }
  }

  private void readNewEvents(String bay) throws IOException, InterruptedException {
    String stream = "bay-" + bay;
    Map<Long, JsonNode> seen = served.computeIfAbsent(stream, k -> new HashMap<>());
    long from = seen.size() + 1L;
    HttpResponse<String> r = send("GET", "/api/bays/" + bay + "/events?from=" + from, null);
    if (r.statusCode() != 200) {
      throw new IOException("events of " + bay + ": " + r.statusCode() + " " + r.body());
    }
    for (JsonNode e : JSON.readTree(r.body())) {
      seen.put(e.get("sequence").asLong(), e);
    }
  }

  /** The one place requests are built (credentials, if the API needs them, go here). */
  private HttpResponse<String> send(String method, String path, String jsonBody)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", org.chargebay.app.TestLogins.OPERATOR.basicHeader())
            .timeout(Duration.ofSeconds(15));
    if (jsonBody == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
