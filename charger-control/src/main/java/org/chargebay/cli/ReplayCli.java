package org.chargebay.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chargebay.bay.BayReplay;
import org.chargebay.bay.BaySettings;
import org.chargebay.bay.TickRecord;
import org.chargebay.bay.TickRecordJson;
import org.chargebay.cli.common.CliRunner;
import org.chargebay.cli.common.DataError;
import org.chargebay.cli.common.Exit;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.events.store.sqlite.SqliteSampleLog;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code replay --journal FILE --bay B [--session S] [--set key=value]...}: re-runs the safety
 * supervisor and the decider on the bay's recorded samples and reports, decision by decision,
 * whether the recorded events are reproduced. {@code --set} alters a setting of the replay (a
 * dotted path of the bay settings, e.g. {@code limits.cellMarginMillivolts=50}) to ask "what if".
 *
 * <p>Parsing, help and the exit statuses are {@link CliRunner}'s: 0 when every decision is
 * identical, 1 with a diff (or when nothing could be replayed), 2 for a data error ({@code
 * journal_not_found}, {@code journal_unreadable}, {@code unknown_bay}, {@code bad_recording}) as
 * JSON on stdout, 64 usage (a {@code --set} key the settings do not have included), 70 an
 * unexpected failure.
 */
@Command(
    name = "chargebay replay",
    description = {
      "Re-runs a bay's recorded samples through the safety supervisor and the decider and"
          + " reports, decision by decision, whether the recorded events are reproduced."
    },
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {
      " 0:every decision identical",
      " 1:decisions differ (printed as a diff), or nothing could be replayed",
      " 2:data error: {\"error\":\"<code>\",\"reason\":\"...\"} on stdout",
      "64:usage error, on stderr",
      "70:unexpected failure: {\"error\":\"internal\",...} on stderr"
    })
public final class ReplayCli implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--journal",
      required = true,
      paramLabel = "FILE",
      description = "The SQLite journal, e.g. data/chargebay.db; it must exist.")
  String journal;

  @Option(names = "--bay", required = true, paramLabel = "B", description = "The bay to replay.")
  String bay;

  @Option(
      names = "--session",
      paramLabel = "S",
      description = "Compare only this session's decisions.")
  @Nullable String session;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Change a setting for the replay (repeatable), e.g. limits.cellMarginMillivolts=60.")
  List<String> sets = new ArrayList<>();

  private final PrintStream out;
  private final Function<Path, EventStore> journals;

  private ReplayCli(PrintStream out, Function<Path, EventStore> journals) {
    this.out = out;
    this.journals = journals;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, SqliteEventStore::open);
  }

  /**
   * @param journals opens the journal's events ({@link SqliteEventStore#open(Path)}); a test
   *     replaces it to inject failures
   */
  static int run(
      String[] args, PrintStream out, PrintStream err, Function<Path, EventStore> journals) {
    Logger.getLogger("org.chargebay").setLevel(Level.SEVERE);
    return CliRunner.run(new ReplayCli(out, journals), args, out, err);
  }

  /** One {@code --set key=value}. */
  private record Setting(String key, String value) {
    @Override
    public String toString() {
      return key + "=" + value;
    }
  }

  @Override
  public Integer call() {
    List<Setting> settings = new ArrayList<>();
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw usage("--set takes key=value, not '" + s + "'");
      }
      settings.add(new Setting(s.substring(0, eq), s.substring(eq + 1)));
    }
    Path file = Journals.existing(journal);
    List<EventEnvelope> recorded;
    List<TickRecord> ticks = new ArrayList<>();
    try (EventStore store = journals.apply(file);
        SqliteSampleLog samples = SqliteSampleLog.open(file)) {
      recorded = store.readStream("bay-" + bay, 1);
      if (recorded.isEmpty()) {
        throw Journals.unknownBay(bay, store, file);
      }
      Instant end = Instant.ofEpochMilli(Long.MAX_VALUE);
      for (SqliteSampleLog.Sample s : samples.read("bay-" + bay, Instant.EPOCH, end)) {
        ticks.add(tick(s));
      }
    } catch (EventStoreException e) {
      throw Journals.unreadable(e);
    }
    UnaryOperator<BaySettings> alter = recordedSettings -> alter(recordedSettings, settings);
    // Check the --set keys now, on the first recorded start: a wrong key is a usage error even
    // when no decision gets replayed.
    ticks.stream()
        .map(TickRecord::boot)
        .filter(Objects::nonNull)
        .findFirst()
        .ifPresent(boot -> alter.apply(boot.settings()));
    BayReplay.Result result;
    try {
      result = BayReplay.replay(bay, ticks, recorded, session, alter, EventCodec.standard());
    } catch (IllegalArgumentException e) {
      throw new DataError("bad_recording", "bay " + bay + " cannot be replayed: " + e.getMessage());
    }
    return report(result);
  }

  private TickRecord tick(SqliteSampleLog.Sample s) {
    try {
      return TickRecordJson.read(s.payload());
    } catch (IllegalArgumentException e) {
      throw new DataError(
          "bad_recording",
          "a sample of bay " + bay + " in journal " + journal + " is " + e.getMessage());
    }
  }

  private BaySettings alter(BaySettings recordedSettings, List<Setting> settings) {
    BaySettings s = recordedSettings;
    for (Setting setting : settings) {
      try {
        s = TickRecordJson.withSetting(s, setting.key(), setting.value());
      } catch (IllegalArgumentException e) {
        throw usage("--set " + setting + ": " + e.getMessage());
      }
    }
    return s;
  }

  private int report(BayReplay.Result result) {
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
        out.println(
            "- #" + d.sequence() + " recorded " + describe(d.recordedType(), d.recordedPayload()));
        out.println(
            "+ #" + d.sequence() + " replayed " + describe(d.replayedType(), d.replayedPayload()));
      }
    }
    if (!result.ioMismatches().isEmpty()) {
      out.println(
          "device calls that differ from the recording: "
              + result.ioMismatches().size()
              + " (first: "
              + result.ioMismatches().get(0)
              + ")");
    }
    int total = result.decisions().size();
    if (result.identical()) {
      out.println(
          "identical: " + total + " decisions reproduced over " + result.ticks() + " ticks");
      return Exit.OK;
    }
    if (total == 0) {
      out.println(
          "nothing replayed: no decisions"
              + (session == null ? "" : " of session " + session)
              + " within the retained samples");
      return Exit.DIFFERENT;
    }
    out.println(
        "DIFFERENT: " + differ + " of " + total + " decisions differ, first at #" + firstDiff);
    return Exit.DIFFERENT;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static String describe(@Nullable String type, @Nullable String payload) {
    return type == null ? "(nothing)" : type + " " + payload;
  }
}
