package org.chargebay.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chargebay.cli.common.DataError;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreException;

/** The journal file the tools read, and the data errors they report about it. */
final class Journals {

  private Journals() {}

  /** The journal file, which must exist: a tool never creates one. */
  static Path existing(String path) {
    Path p = Path.of(path);
    if (!Files.isRegularFile(p)) {
      throw new DataError(
          "journal_not_found",
          "journal " + path + " does not exist (give --journal, e.g. data/chargebay.db)");
    }
    return p;
  }

  /** A journal the store cannot open or read: not SQLite, another application's, damaged, newer. */
  static DataError unreadable(EventStoreException e) {
    return new DataError("journal_unreadable", e.getMessage());
  }

  /** A bay without a single event in the journal, naming the bays that have some. */
  static DataError unknownBay(String bay, EventStore store, Path journal) {
    List<String> bays =
        store.streamIds().stream()
            .filter(s -> s.startsWith("bay-"))
            .map(s -> s.substring("bay-".length()))
            .toList();
    return new DataError(
        "unknown_bay",
        "bay '"
            + bay
            + "' has no events in journal "
            + journal
            + (bays.isEmpty()
                ? "; it holds no bay's events"
                : "; bays with events: " + String.join(", ", bays)));
  }
}
