package org.chargebay.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.chargebay.bay.BaySettings;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Phase;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.kafka.KafkaTestCluster;
import org.chargebay.session.ChargeDecider;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.fleet.PacedClock;
import org.chargebay.simulator.fleet.Timebase;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Crash soak: the packaged controller charges three bays with Kafka configured and is killed with
 * SIGKILL at a random point, then started again, {@code soak.runs} times (20 in the default run,
 * 200 with {@code -Psoak}). The bays' hardware (emulated RD6018 supplies and JBD BMSes on loopback,
 * simulated packs on a clock at 3x) and a KRaft broker live in the test process, so they outlive
 * every kill, as real hardware and a real broker would.
 *
 * <p>After each kill, with the controller gone: every stream of the journal is contiguous from 1;
 * every event the controller ever had in its journal at an earlier check is still there, identical;
 * every event the API served and every command it acknowledged (a start answered 200 or 409, a stop
 * or an acknowledgement answered 200) is in the journal; every record a {@code read_committed}
 * consumer has read from the topic, duplicates included, is the journal's event at that stream and
 * sequence, each once, per stream contiguous from 1; and each bay that was charging when its
 * controller started (output on, or a session open in its journal) received output off as the first
 * command of that controller, before any other command to its supply or BMS. At the end a
 * controller runs until its relay has caught up and is stopped normally: the topic then holds
 * exactly the journal.
 *
 * <p>Kill points: in a quarter of the runs (drawn from the seed) the kill falls within the first 3
 * s after launch, which covers start-up, journal recovery and the restart's output-off; in the rest
 * it falls 0.2 to 3 s after every bay has resumed, while an operator thread starts, stops and
 * acknowledges bays through the API and reads their events. The kill times come from a {@link
 * SplittableRandom} with a fixed seed ({@code soak.seed}) so that the choices repeat; the moments
 * they land on do not (they depend on the machine), which is the point of a soak.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CrashSoakIT {
  private static final int RUNS = Integer.getInteger("soak.runs", 20);
  private static final long SEED = Long.getLong("soak.seed", 20_261_205L);
  private static final Duration START = Duration.ofSeconds(120);
  private static final String TOPIC = "soak.events";

  /**
   * The packs' clock speed: slow enough that the two large packs are still charging after 200 runs
   * (at 30x every pack was full after 54 runs, and the rest of a 200-run soak killed idle bays).
   */
  private static final double CLOCK_SPEED = 3.0;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventCodec CODEC = EventCodec.standard();
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);

  private final Map<String, SoakBay> bays = new LinkedHashMap<>();
  private final SoakBay.CommandLog commands = new SoakBay.CommandLog();
  private JournalSnapshot previous = new JournalSnapshot(Map.of(), 0);
  private final Map<String, Integer> tally = new LinkedHashMap<>();

  /** Runs whose controller was launched with at least one bay charging. */
  private int chargingLaunches;

  /** How long the last controller took to listen: early kills fall within 1.25 times this. */
  private long startupMillis = 3_000;

  @Test
  void
      kill_9_at_random_points_of_a_three_bay_charge_loses_nothing_duplicates_nothing_and_turns_outputs_off_first()
          throws Exception {
    Path work = Path.of("target", "crash-soak").toAbsolutePath();
    deleteTree(work);
    Files.createDirectories(work);
    Path journal = work.resolve("chargebay.db");
    SplittableRandom random = new SplittableRandom(SEED);
    long wallStart = System.nanoTime();
    PacedClock clock =
        new PacedClock(
            new Timebase(
                Instant.parse("2026-06-01T08:00:00Z"),
                System.nanoTime(),
                System.currentTimeMillis(),
                CLOCK_SPEED));
    try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
      kafka.topic(TOPIC, 3);
      // two large packs that stay in CC, one small one near full that goes to CV and completes
      addBay("b1", clock, PackModel.create(OcvCurve.nmc(), 13, 20.0, 0.030, 30.0, 40.0));
      addBay("b2", clock, PackModel.create(OcvCurve.nmc(), 13, 20.0, 0.030, 55.0, 30.0));
      addBay("b3", clock, PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 88.0, 40.0));
      Path config = writeConfig(work, journal, kafka.bootstrapServers());
      try (TopicTail topic = new TopicTail(kafka.bootstrapServers(), TOPIC)) {
        for (int run = 1; run <= RUNS; run++) {
          oneRun(run, random, config, work, journal, topic);
        }
        finalRun(config, work, journal, topic);
      }
      assertThat(chargingLaunches)
          .as("runs launched with a bay charging (else the soak kills idle bays)")
          .isGreaterThanOrEqualTo(RUNS * 3 / 4);
    } finally {
      bays.values().forEach(SoakBay::close);
    }
    System.out.printf(
        "crash soak: %d runs (seed %d) in %d s, %d launched with a bay charging: %s; journal %d"
            + " events (all in Kafka once), %d commands to devices%n",
        RUNS,
        SEED,
        Duration.ofNanos(System.nanoTime() - wallStart).toSeconds(),
        chargingLaunches,
        tally,
        previous.rows(),
        commands.size());
  }

  private void addBay(String id, PacedClock clock, PackModel pack) {
    bays.put(id, new SoakBay(id, clock, pack, commands));
  }

  private Path writeConfig(Path work, Path journal, String bootstrap) throws IOException {
    StringBuilder p = new StringBuilder();
    p.append("quarkus.http.host=127.0.0.1\nquarkus.http.port=0\n");
    p.append("quarkus.management.host=127.0.0.1\nquarkus.management.port=0\n");
    // the operator logs in (test accounts, bcrypt cost 4)
    p.append("chargebay.auth.users-file=")
        .append(Path.of("src", "test", "resources", "test-users").toAbsolutePath())
        .append('\n');
    p.append("chargebay.journal.path=").append(journal).append('\n');
    p.append("chargebay.kafka.bootstrap-servers=").append(bootstrap).append('\n');
    p.append("chargebay.kafka.topic=").append(TOPIC).append('\n');
    p.append("chargebay.kafka.relay-name=soak\n");
    for (SoakBay b : bays.values()) {
      String k = "chargebay.bays." + b.id + ".";
      p.append(k).append("supply.url=").append(b.supplyUrl()).append('\n');
      p.append(k).append("supply.model=RD6018\n");
      p.append(k).append("bms.url=").append(b.bmsUrl()).append('\n');
      p.append(k).append("profile.cells=13\n");
      p.append(k).append("profile.cell-ceiling-volts=4.15\n");
      p.append(k).append("profile.current-amps=2.0\n");
      p.append(k).append("profile.taper-amps=0.1\n");
      p.append(k).append("auto-start=true\n");
    }
    Path file = work.resolve("application.properties");
    Files.writeString(file, p.toString());
    return file;
  }

  private void oneRun(
      int run, SplittableRandom random, Path config, Path work, Path journal, TopicTail topic)
      throws Exception {
    Launch launch = launch(journal);
    if (!launch.charging().isEmpty()) {
      chargingLaunches++;
    }
    boolean early = random.nextInt(4) == 0;
    long killAfterMillis =
        early ? random.nextLong(startupMillis + startupMillis / 4) : 200 + random.nextLong(2_800);
    ControllerProcess app =
        ControllerProcess.start(config, work.resolve(String.format("run-%03d.log", run)));
    Operator operator = null;
    Thread operatorThread = null;
    String where;
    try {
      if (early) {
        assertThat(app.waitForExit(Duration.ofMillis(killAfterMillis)))
            .as("run %d: the controller exited by itself during start-up:%n%s", run, app.log())
            .isFalse();
        String log = app.log();
        where =
            app.port().isPresent()
                ? "early, serving"
                : log.contains("running 3 bays")
                    ? "early, bays running"
                    : log.contains("output held off") ? "early, recovering" : "early, starting";
      } else {
        int port = app.awaitPort(START);
        startupMillis = Math.max(1_000, app.age().toMillis());
        operator =
            new Operator(
                port,
                app.managementPort(),
                List.copyOf(bays.keySet()),
                random.split(),
                "soak-r" + run);
        awaitResumed(app, operator, run);
        operatorThread = new Thread(operator, "soak-operator-" + run);
        operatorThread.start();
        assertThat(app.waitForExit(Duration.ofMillis(killAfterMillis)))
            .as("run %d: the controller exited by itself while charging:%n%s", run, app.log())
            .isFalse();
        where = "charging";
      }
    } catch (AssertionError | RuntimeException e) {
      app.kill9();
      throw e;
    }
    int exit = app.kill9();
    assertThat(exit).as("run %d: killed by SIGKILL", run).isEqualTo(137);
    if (operatorThread != null) {
      operator.stop();
      operatorThread.join(Duration.ofSeconds(30).toMillis());
      assertThat(operatorThread.isAlive()).as("operator thread ended").isFalse();
    }
    tally.merge(where, 1, Integer::sum);
    check(run, journal, topic, launch, operator);
  }

  /** What the test knows at the moment a controller is launched. */
  private record Launch(int commandMark, Set<String> charging) {}

  private Launch launch(Path journal) {
    JournalSnapshot j = JournalSnapshot.read(journal);
    Set<String> charging = new HashSet<>();
    for (SoakBay b : bays.values()) {
      boolean inSession =
          new ChargeDecider(BaySettings.of(b.id, PROFILE, true).decider())
              .fold(j.stream("bay-" + b.id).stream().map(CODEC::decode).toList())
              .phase()
              .inSession();
      if (inSession || b.outputOn()) {
        charging.add(b.id);
      }
    }
    return new Launch(commands.size(), charging);
  }

  /** Waits until no bay is held in SUSPENDED (each has resumed, or never was charging). */
  private static void awaitResumed(ControllerProcess app, Operator operator, int run)
      throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (true) {
      JsonNode all = operator.statuses();
      boolean resumed = all.size() == 3;
      for (JsonNode b : all) {
        resumed &= !b.get("phase").asText().equals("SUSPENDED");
      }
      if (resumed) {
        return;
      }
      assertThat(System.nanoTime())
          .as("run %d: bays still SUSPENDED after %s: %s%n%s", run, START, all, app.log())
          .isLessThan(deadline);
      app.waitForExit(Duration.ofMillis(100)); // a pause that ends early if it dies
    }
  }

  private void check(int run, Path journal, TopicTail topic, Launch launch, Operator operator) {
    JournalSnapshot j = JournalSnapshot.read(journal);
    String at = "run " + run + ": ";
    for (var s : j.streams().entrySet()) {
      List<Long> seq = s.getValue().stream().map(EventEnvelope::sequence).toList();
      assertThat(seq)
          .as(at + s.getKey() + " contiguous from 1")
          .containsExactlyElementsOf(Stream.iterate(1L, i -> i + 1).limit(seq.size()).toList());
    }
    for (var s : previous.streams().entrySet()) {
      assertThat(j.stream(s.getKey()))
          .as(at + s.getKey() + " keeps every event it held at the last check")
          .startsWith(s.getValue().toArray(EventEnvelope[]::new));
    }
    if (operator != null) {
      checkServed(at, j, operator);
      tally.merge("acknowledged commands", operator.acks.size(), Integer::sum);
      tally.merge(
          "served events checked",
          operator.served.values().stream().mapToInt(Map::size).sum(),
          Integer::sum);
    }
    checkTopic(at, j, topic.readCommitted(), false);
    for (SoakBay b : bays.values()) {
      List<SoakBay.Command> received = commands.since(launch.commandMark(), b.id);
      if (launch.charging().contains(b.id) && !received.isEmpty()) {
        tally.merge("output-off-first checks", 1, Integer::sum);
        assertThat(received.get(0).kind())
            .as(at + b.id + " was charging: the first command of the new controller: " + received)
            .isEqualTo(SoakBay.Kind.OUTPUT_OFF);
      }
      assertThat(b.refusedWrites()).as(at + b.id + " calibration/system writes").isEmpty();
    }
    previous = j;
  }

  private static void checkServed(String at, JournalSnapshot j, Operator operator) {
    for (var s : operator.served.entrySet()) {
      for (var e : s.getValue().entrySet()) {
        EventEnvelope stored = j.at(s.getKey(), e.getKey());
        assertThat(stored).as(at + "served " + s.getKey() + "#" + e.getKey()).isNotNull();
        JsonNode v = e.getValue();
        assertThat(v.get("type").asText()).isEqualTo(stored.type());
        assertThat(v.get("globalPosition").asLong()).isEqualTo(stored.globalPosition());
        assertThat(Instant.parse(v.get("occurredAt").asText())).isEqualTo(stored.occurredAt());
        assertThat(v.get("data")).isEqualTo(readTree(stored.payload()));
      }
    }
    for (Operator.Ack a : operator.acks) {
      boolean present =
          j.stream(a.streamId()).stream()
              .filter(e -> e.type().equals(a.type()))
              .anyMatch(e -> a.value().equals(readTree(e.payload()).path(a.field()).asText()));
      assertThat(present).as(at + "acknowledged (" + a.how() + "): " + a).isTrue();
    }
  }

  /**
   * Every record read from the topic is the journal's event at its stream and sequence, each
   * (stream, sequence) once, per stream contiguous from 1; with {@code complete}, all of the
   * journal.
   */
  private static void checkTopic(
      String at, JournalSnapshot j, List<EventEnvelope> records, boolean complete) {
    Map<String, List<EventEnvelope>> byStream =
        records.stream().collect(Collectors.groupingBy(EventEnvelope::streamId));
    for (var s : byStream.entrySet()) {
      List<EventEnvelope> published = s.getValue();
      assertThat(published)
          .as(at + s.getKey() + " in Kafka: once each, in order, no gap")
          .extracting(EventEnvelope::sequence)
          .containsExactlyElementsOf(
              Stream.iterate(1L, i -> i + 1).limit(published.size()).toList());
      assertThat(published)
          .as(at + s.getKey() + " in Kafka is the journal's prefix")
          .containsExactlyElementsOf(
              j.stream(s.getKey())
                  .subList(0, Math.min(published.size(), j.stream(s.getKey()).size())));
    }
    if (complete) {
      assertThat(records).as(at + "Kafka holds the whole journal").hasSize(j.rows());
    }
  }

  /** A last controller that runs until its relay is caught up and stops normally. */
  private void finalRun(Path config, Path work, Path journal, TopicTail topic) throws Exception {
    Launch launch = launch(journal);
    ControllerProcess app = ControllerProcess.start(config, work.resolve("final.log"));
    try {
      int port = app.awaitPort(START);
      Operator operator =
          new Operator(
              port,
              app.managementPort(),
              List.copyOf(bays.keySet()),
              new SplittableRandom(SEED),
              "soak-final");
      awaitResumed(app, operator, 0);
      // stop every session; a stop ramps the current down over a few polls before the session
      // ends, so wait for every bay to leave its session, then for the relay. The SIGTERM appends
      // more (the stop's own events): the relay publishes those before the exit (checked below).
      for (String id : bays.keySet()) {
        operator.stopQuietly(id);
      }
      long deadline = System.nanoTime() + START.toNanos();
      while (true) {
        JsonNode all = operator.statuses();
        boolean ended = true;
        for (JsonNode b : all) {
          ended &= !Phase.valueOf(b.get("phase").asText()).inSession();
        }
        if (ended) {
          break;
        }
        assertThat(System.nanoTime())
            .as("sessions ended within " + START + ": " + all)
            .isLessThan(deadline);
        app.waitForExit(Duration.ofMillis(100));
      }
      while (operator.relayLag() != 0) {
        assertThat(System.nanoTime()).as("relay caught up within " + START).isLessThan(deadline);
        app.waitForExit(Duration.ofMillis(100));
      }
      assertThat(app.terminate(Duration.ofSeconds(30))).as("exit status on SIGTERM").isEqualTo(143);
    } finally {
      if (app.alive()) {
        app.kill9();
      }
    }
    JournalSnapshot j = JournalSnapshot.read(journal);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<EventEnvelope> records = topic.readCommitted();
    while (records.size() < j.rows() && System.nanoTime() < deadline) {
      records = topic.readCommitted(); // the last transaction's markers may still be on their way
    }
    check(0, journal, topic, launch, null);
    checkTopic("final: ", j, records, true);
    for (SoakBay b : bays.values()) {
      assertThat(b.outputOn()).as(b.id + " output after the normal stop").isFalse();
    }
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p);
      }
    }
  }
}
