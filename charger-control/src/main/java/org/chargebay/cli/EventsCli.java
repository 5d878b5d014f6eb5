package org.chargebay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.kafka.KafkaClients;
import org.chargebay.events.store.kafka.KafkaEventFollower;
import org.chargebay.events.store.kafka.KafkaPositions;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.jspecify.annotations.Nullable;

/**
 * {@code events --journal FILE [--bay B] [--follow]}: prints the journal's events as JSON lines
 * ({@code streamId, sequence, globalPosition, type, schemaVersion, occurredAt, payload}), in
 * journal order; {@code --follow} keeps printing new events until interrupted.
 *
 * <p>{@code events --kafka BOOTSTRAP [--topic chargebay.events] [--bay B] [--follow]} prints what
 * depot consumers see on the topic instead ({@code read_committed}, each stream's events once and
 * in order, duplicates skipped): the topic as it stands, partition by partition, then with {@code
 * --follow} new events as they are committed, until interrupted. {@code globalPosition} is then
 * the record's partition and offset ({@link KafkaPositions}); events of bays on different
 * partitions have no defined order.
 *
 * <p>Exit 0, 2 for a bad command line, 1 if the journal or topic cannot be read (one line on
 * stderr).
 */
public final class EventsCli {
  static final String USAGE =
      "usage: events --journal data/chargebay.db [--bay B] [--follow]\n"
          + "       events --kafka 127.0.0.1:9092 [--topic chargebay.events] [--bay B] [--follow]";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 1_000;

  private EventsCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the tool; with {@code --follow} until the thread is interrupted. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, () -> !Thread.currentThread().isInterrupted());
  }

  static int run(String[] args, PrintStream out, PrintStream err, BooleanSupplier keepFollowing) {
    Logger.getLogger("org.chargebay").setLevel(Level.SEVERE);
    CliArgs a;
    Path journal;
    try {
      a = CliArgs.parse(args, Set.of("--journal", "--bay", "--kafka", "--topic"), Set.of("--follow", "--help"));
      if (a.has("--help")) {
        out.println(USAGE);
        return 0;
      }
      if (a.has("--kafka")) {
        if (a.has("--journal")) {
          throw new CliArgs.UsageError("give either --journal or --kafka, not both");
        }
        return fromKafka(kafkaClients(a), a.get("--bay"), a.has("--follow"), out, err, keepFollowing);
      }
      if (a.has("--topic")) {
        throw new CliArgs.UsageError("--topic needs --kafka");
      }
      journal = CliArgs.existingJournal(a.require("--journal"));
    } catch (CliArgs.UsageError e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    String bay = a.get("--bay");
    if (bay != null && bay.isBlank()) {
      err.println("error: --bay needs a bay id, e.g. --bay 3");
      err.println(USAGE);
      return 2;
    }
    String stream = bay == null ? null : "bay-" + bay;
    try (SqliteEventStore store = SqliteEventStore.open(journal)) {
      long after = 0;
      while (true) {
        List<EventEnvelope> page = store.readAll(after, PAGE);
        for (EventEnvelope e : page) {
          if (stream == null || stream.equals(e.streamId())) {
            out.println(toJson(e));
          }
          after = e.globalPosition();
        }
        out.flush();
        if (page.size() == PAGE) {
          continue;
        }
        if (!a.has("--follow") || !keepFollowing.getAsBoolean()) {
          return 0;
        }
        try {
          Thread.sleep(200); // follow mode polls the file; not a correctness wait
        } catch (InterruptedException ie) {
          return 0;
        }
      }
    } catch (EventStoreException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  /** The topic's clients from {@code --kafka} and {@code --topic}, checked. */
  private static KafkaClients kafkaClients(CliArgs a) throws CliArgs.UsageError {
    String bootstrap = String.valueOf(a.get("--kafka")).trim();
    for (String server : bootstrap.split(",", -1)) {
      int colon = server.lastIndexOf(':');
      if (colon <= 0 || colon == server.length() - 1 || !server.substring(colon + 1).chars().allMatch(Character::isDigit)) {
        throw new CliArgs.UsageError(
            "--kafka needs host:port[,host:port...], e.g. 127.0.0.1:9092, was '" + bootstrap + "'");
      }
    }
    String topic = a.get("--topic") == null ? KafkaClients.DEFAULT_TOPIC : String.valueOf(a.get("--topic"));
    if (topic.isBlank()) {
      throw new CliArgs.UsageError("--topic needs a topic name, e.g. chargebay.events");
    }
    String bay = a.get("--bay");
    if (bay != null && bay.isBlank()) {
      throw new CliArgs.UsageError("--bay needs a bay id, e.g. --bay 3");
    }
    return new KafkaClients(bootstrap, topic, Map.of());
  }

  private static int fromKafka(
      KafkaClients clients,
      @Nullable String bay,
      boolean follow,
      PrintStream out,
      PrintStream err,
      BooleanSupplier keepFollowing) {
    try {
      KafkaEventFollower.follow(
          clients,
          bay == null ? null : "bay-" + bay,
          Duration.ofSeconds(30),
          e -> {
            out.println(toJson(e));
            if (follow) {
              out.flush();
            }
          },
          follow ? keepFollowing : () -> false);
      out.flush();
      return 0;
    } catch (EventStoreException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  static String toJson(EventEnvelope e) {
    ObjectNode node = JSON.createObjectNode();
    node.put("streamId", e.streamId());
    node.put("sequence", e.sequence());
    node.put("globalPosition", e.globalPosition());
    node.put("type", e.type());
    node.put("schemaVersion", e.schemaVersion());
    node.put("occurredAt", e.occurredAt().toString());
    try {
      node.set("payload", JSON.readTree(e.payload()));
    } catch (IOException ex) {
      node.put("payload", e.payload());
    }
    return node.toString();
  }
}
