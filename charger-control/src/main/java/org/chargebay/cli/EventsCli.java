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
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.kafka.KafkaClients;
import org.chargebay.events.store.kafka.KafkaEventStore;
import org.chargebay.events.store.sqlite.SqliteEventStore;

/**
 * {@code events --journal FILE [--bay B] [--follow]}: prints the journal's events as JSON lines
 * ({@code streamId, sequence, globalPosition, type, schemaVersion, occurredAt, payload}), in
 * journal order; {@code --follow} keeps printing new events until interrupted.
 *
 * <p>{@code events --kafka BOOTSTRAP [--topic chargebay.events] [--bay B]} prints the fleet view
 * of the topic instead (each stream's events once, in order, positions in this reader's order),
 * e.g. to check what depot consumers see.
 *
 * <p>Exit 0, 2 for a bad command line, 1 if the journal or topic cannot be read (one line on
 * stderr).
 */
public final class EventsCli {
  static final String USAGE =
      "usage: events --journal data/chargebay.db [--bay B] [--follow]\n"
          + "       events --kafka 127.0.0.1:9092 [--topic chargebay.events] [--bay B]";
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
        if (a.has("--journal") || a.has("--follow")) {
          throw new CliArgs.UsageError("--kafka reads the topic: --journal and --follow do not apply");
        }
        return fromKafka(a, out, err);
      }
      journal = CliArgs.existingJournal(a.require("--journal"));
    } catch (CliArgs.UsageError e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    String bay = a.get("--bay");
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

  private static int fromKafka(CliArgs a, PrintStream out, PrintStream err) {
    String bay = a.get("--bay");
    String topic = a.get("--topic") == null ? KafkaClients.DEFAULT_TOPIC : a.get("--topic");
    try (KafkaEventStore fleet =
        KafkaEventStore.open(
            new KafkaClients(String.valueOf(a.get("--kafka")), topic, Map.of()),
            EventCodec.standard(),
            Duration.ofSeconds(30))) {
      List<String> streams = bay == null ? fleet.streamIds() : List.of("bay-" + bay);
      for (String stream : streams) {
        for (EventEnvelope e : fleet.readStream(stream, 1)) {
          out.println(toJson(e));
        }
      }
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
