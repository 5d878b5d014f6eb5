package org.chargebay.events.store.kafka;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.Evidence;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.events.store.sqlite.SqliteOutboxPositions;

/**
 * The process the crash test kills: four threads append to four streams as fast as the journal
 * allows while the outbox relay publishes; every append that returned is printed as {@code ack
 * <stream> <sequence>} (after it returned, so only acknowledged events are printed).
 *
 * <p>Arguments: journal file, bootstrap servers, topic.
 */
public final class CrashingAppender {
  private CrashingAppender() {}

  public static void main(String[] args) throws Exception {
    Path journal = Path.of(args[0]);
    KafkaClients clients =
        new KafkaClients(args[1], args[2], Map.of("reconnect.backoff.max.ms", "200"));
    SqliteEventStore store = SqliteEventStore.open(journal);
    SqliteEventStore relayView = SqliteEventStore.open(journal);
    SqliteOutboxPositions positions = SqliteOutboxPositions.open(journal);
    KafkaOutboxRelay relay =
        new KafkaOutboxRelay(
            clients,
            relayView,
            positions,
            new KafkaOutboxRelay.Settings(
                "crash", 200, Duration.ofMillis(10), Duration.ofMillis(100)));
    relay.start();
    PrintStream out =
        new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String stream = "bay-" + t;
      Thread thread =
          new Thread(
              () -> {
                long version = store.streamVersion(stream);
                while (true) {
                  List<ChargeEvent> batch = new ArrayList<>();
                  for (int i = 0; i < 3; i++) {
                    batch.add(
                        new SetpointChanged(
                            "s",
                            Instant.EPOCH.plusMillis(version + i),
                            49_800,
                            10_000,
                            true,
                            "load",
                            Evidence.none()));
                  }
                  List<EventEnvelope> stored =
                      store.append(stream, ExpectedVersion.exactly(version), batch);
                  version = stored.get(stored.size() - 1).sequence();
                  synchronized (out) {
                    out.println("ack " + stream + " " + version);
                    out.flush();
                  }
                  relay.wakeUp();
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
