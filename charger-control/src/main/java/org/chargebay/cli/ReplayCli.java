package org.chargebay.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chargebay.bay.BayReplay;
import org.chargebay.bay.BaySettings;
import org.chargebay.bay.TickRecord;
import org.chargebay.bay.TickRecordJson;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.events.store.sqlite.SqliteSampleLog;

/**
 * {@code replay --journal FILE --bay B [--session S] [--set key=value]...}: re-runs the safety
 * supervisor and the decider on the bay's recorded samples and reports, decision by decision,
 * whether the recorded events are reproduced. {@code --set} alters a setting of the replay (a
 * dotted path of the bay settings, e.g. {@code limits.cellMarginMillivolts=50}) to ask "what if".
 *
 * <p>Exit 0 when every decision is identical, 1 with a diff otherwise (or when nothing could be
 * replayed), 2 for a bad command line; errors are one line on stderr.
 */
public final class ReplayCli {
  static final String USAGE =
      "usage: replay --journal data/chargebay.db --bay B [--session S] [--set key=value]...";

  private ReplayCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Logger.getLogger("org.chargebay").setLevel(Level.SEVERE);
    CliArgs a;
    Path journal;
    String bay;
    List<String[]> sets = new ArrayList<>();
    try {
      a = CliArgs.parse(args, Set.of("--journal", "--bay", "--session", "--set"), Set.of("--help"));
      if (a.has("--help")) {
        out.println(USAGE);
        return 0;
      }
      journal = CliArgs.existingJournal(a.require("--journal"));
      bay = a.require("--bay");
      for (String s : a.all("--set")) {
        int eq = s.indexOf('=');
        if (eq <= 0) {
          throw new CliArgs.UsageError("--set takes key=value, not '" + s + "'");
        }
        sets.add(new String[] {s.substring(0, eq), s.substring(eq + 1)});
      }
    } catch (CliArgs.UsageError e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    String session = a.get("--session");
    EventCodec codec = EventCodec.standard();
    List<EventEnvelope> recorded;
    List<TickRecord> ticks = new ArrayList<>();
    try (SqliteEventStore store = SqliteEventStore.open(journal);
        SqliteSampleLog samples = SqliteSampleLog.open(journal)) {
      recorded = store.readStream("bay-" + bay, 1);
      for (SqliteSampleLog.Sample s : samples.read("bay-" + bay, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
        ticks.add(TickRecordJson.read(s.payload()));
      }
    } catch (EventStoreException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    if (recorded.isEmpty()) {
      err.println("error: bay '" + bay + "' has no events in " + journal);
      return 1;
    }
    UnaryOperator<BaySettings> alter =
        settings -> {
          BaySettings s = settings;
          for (String[] kv : sets) {
            s = TickRecordJson.withSetting(s, kv[0], kv[1]);
          }
          return s;
        };
    BayReplay.Result result;
    try {
      result = BayReplay.replay(bay, ticks, recorded, session, alter, codec);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    for (String note : result.notes()) {
      out.println("note: " + note);
    }
    int differ = 0;
    Long firstDiff = null;
    for (BayReplay.Decision d : result.decisions()) {
      if (d.same()) {
        out.println("  #" + d.sequence() + " " + d.recordedType() + " identical");
      } else {
        differ++;
        if (firstDiff == null) {
          firstDiff = d.sequence();
        }
        out.println("- #" + d.sequence() + " recorded " + describe(d.recordedType(), d.recordedPayload()));
        out.println("+ #" + d.sequence() + " replayed " + describe(d.replayedType(), d.replayedPayload()));
      }
    }
    if (!result.ioMismatches().isEmpty()) {
      out.println("device calls that differ from the recording: " + result.ioMismatches().size()
          + " (first: " + result.ioMismatches().get(0) + ")");
    }
    int total = result.decisions().size();
    if (result.identical()) {
      out.println("identical: " + total + " decisions reproduced over " + result.ticks() + " ticks");
      return 0;
    }
    if (total == 0) {
      out.println("nothing replayed: no decisions" + (session == null ? "" : " of session " + session)
          + " within the retained samples");
      return 1;
    }
    out.println("DIFFERENT: " + differ + " of " + total + " decisions differ, first at #" + firstDiff);
    return 1;
  }

  private static String describe(String type, String payload) {
    return type == null ? "(nothing)" : type + " " + payload;
  }
}
