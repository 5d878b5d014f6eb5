package org.chargebay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chargebay.cli.common.CliRunner;
import org.chargebay.cli.common.DataError;
import org.chargebay.cli.common.Exit;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.kafka.KafkaClients;
import org.chargebay.events.store.kafka.KafkaEventFollower;
import org.chargebay.events.store.kafka.KafkaPositions;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code events --journal FILE [--bay B] [--follow]}: prints the journal's events as JSON lines
 * ({@code streamId, sequence, globalPosition, type, schemaVersion, occurredAt, payload}), in
 * journal order; {@code --follow} keeps printing new events until interrupted.
 *
 * <p>{@code events --kafka BOOTSTRAP [--topic chargebay.events] [--bay B] [--follow]} prints what
 * depot consumers see on the topic instead ({@code read_committed}, each stream's events once and
 * in order, duplicates skipped): the topic as it stands, partition by partition, then with {@code
 * --follow} new events as they are committed, until interrupted. {@code globalPosition} is then the
 * record's partition and offset ({@link KafkaPositions}); events of bays on different partitions
 * have no defined order.
 *
 * <p>Parsing, help and the exit statuses are {@link CliRunner}'s. Data errors ({@code
 * {"error":"<code>","reason":"..."}} on stdout, exit 2): {@code journal_not_found}, {@code
 * journal_unreadable}, {@code kafka_unreadable}, and {@code unknown_bay} for a {@code --bay}
 * without events (when not following: a followed bay may get its first event later).
 */
@Command(
    name = "chargebay events",
    description = {
      "Prints the journal's events (or what depot consumers see on the Kafka topic) as JSON"
          + " lines, oldest first; with --follow, new events as they come, until interrupted."
    })
public final class EventsCli implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 1_000;
  private static final Duration JOURNAL_POLL = Duration.ofMillis(200);

  @Spec CommandSpec spec;

  @Option(
      names = "--journal",
      paramLabel = "FILE",
      description = "The SQLite journal, e.g. data/chargebay.db; it must exist.")
  @Nullable String journal;

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT[,HOST:PORT...]",
      description = "Read the Kafka topic instead of a journal (read_committed).")
  @Nullable String kafka;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "With --kafka: the topic; default " + KafkaClients.DEFAULT_TOPIC + ".")
  @Nullable String topic;

  @Option(names = "--bay", paramLabel = "B", description = "Only this bay's events.")
  @Nullable String bay;

  @Option(names = "--follow", description = "Keep printing new events until interrupted.")
  boolean follow;

  private final PrintStream out;
  private final BooleanSupplier keepFollowing;
  private final Function<Path, EventStore> journals;

  private EventsCli(
      PrintStream out, BooleanSupplier keepFollowing, Function<Path, EventStore> journals) {
    this.out = out;
    this.keepFollowing = keepFollowing;
    this.journals = journals;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the tool; with {@code --follow} until the thread is interrupted. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, () -> !Thread.currentThread().isInterrupted());
  }

  static int run(String[] args, PrintStream out, PrintStream err, BooleanSupplier keepFollowing) {
    return run(args, out, err, keepFollowing, SqliteEventStore::open);
  }

  /**
   * @param journals opens the journal file ({@link SqliteEventStore#open(Path)}); a test replaces
   *     it to inject failures
   */
  static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      BooleanSupplier keepFollowing,
      Function<Path, EventStore> journals) {
    Logger.getLogger("org.chargebay").setLevel(Level.SEVERE);
    return CliRunner.run(new EventsCli(out, keepFollowing, journals), args, out, err);
  }

  @Override
  public Integer call() {
    if (bay != null && bay.isBlank()) {
      throw usage("--bay needs a bay id, e.g. --bay 3");
    }
    if (kafka != null) {
      if (journal != null) {
        throw usage("give either --journal or --kafka, not both");
      }
      return fromKafka(kafkaClients(kafka));
    }
    if (topic != null) {
      throw usage("--topic needs --kafka");
    }
    if (journal == null) {
      throw usage("give --journal FILE (e.g. data/chargebay.db) or --kafka HOST:PORT");
    }
    return fromJournal(Journals.existing(journal));
  }

  private int fromJournal(Path file) {
    String stream = bay == null ? null : "bay-" + bay;
    try (EventStore store = journals.apply(file)) {
      if (bay != null && !follow && store.streamVersion("bay-" + bay) == 0) {
        throw Journals.unknownBay(bay, store, file);
      }
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
        if (!follow || !keepFollowing.getAsBoolean()) {
          return Exit.OK;
        }
        LockSupport.parkNanos(JOURNAL_POLL.toNanos()); // follow mode polls the file
        if (Thread.currentThread().isInterrupted()) {
          return Exit.OK;
        }
      }
    } catch (EventStoreException e) {
      throw Journals.unreadable(e);
    }
  }

  /** The topic's clients from {@code --kafka} and {@code --topic}, checked. */
  private KafkaClients kafkaClients(String servers) {
    String bootstrap = servers.trim();
    for (String server : bootstrap.split(",", -1)) {
      int colon = server.lastIndexOf(':');
      String port = colon < 0 ? "" : server.substring(colon + 1);
      if (colon <= 0
          || port.isEmpty()
          || port.length() > 5
          || !port.chars().allMatch(Character::isDigit)
          || Integer.parseInt(port) < 1
          || Integer.parseInt(port) > 65_535) {
        throw usage(
            "--kafka needs host:port[,host:port...], e.g. 127.0.0.1:9092, was '" + bootstrap + "'");
      }
    }
    String t = topic == null ? KafkaClients.DEFAULT_TOPIC : topic;
    if (t.isBlank()) {
      throw usage("--topic needs a topic name, e.g. chargebay.events");
    }
    return new KafkaClients(bootstrap, t, Map.of());
  }

  private int fromKafka(KafkaClients clients) {
    AtomicLong printed = new AtomicLong();
    try {
      KafkaEventFollower.follow(
          clients,
          bay == null ? null : "bay-" + bay,
          Duration.ofSeconds(30),
          e -> {
            out.println(toJson(e));
            printed.incrementAndGet();
            if (follow) {
              out.flush();
            }
          },
          follow ? keepFollowing : () -> false);
      out.flush();
    } catch (EventStoreException | IllegalArgumentException e) {
      throw new DataError("kafka_unreadable", e.getMessage());
    }
    if (bay != null && !follow && printed.get() == 0 && !Thread.currentThread().isInterrupted()) {
      throw new DataError(
          "unknown_bay",
          "bay '"
              + bay
              + "' has no events on Kafka topic '"
              + clients.topic()
              + "' at "
              + clients.bootstrapServers());
    }
    return Exit.OK;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
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
