package org.chargebay.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.chargebay.cli.DepotJson.InvalidDepotException;
import org.chargebay.cli.common.CliRunner;
import org.chargebay.cli.common.DataError;
import org.chargebay.cli.common.Exit;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.PlanComputed;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.planner.Depot;
import org.chargebay.planner.DepotPlanner;
import org.chargebay.planner.Plan;
import org.chargebay.planner.Plan.BayPlan;
import org.chargebay.planner.Plan.Slot;
import org.chargebay.planner.PlanEvents;
import org.chargebay.planner.Policy;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code plan --input depot.json [--policy planned|at-plug-in|latest-start] [--json]}: the depot
 * planner ({@link DepotPlanner}) over a depot described in JSON ({@link DepotJson}); per bay its
 * current limits over time, whether it meets its target and the state of charge it reaches.
 *
 * <p>Data errors: {@code input_unreadable}, {@code input_invalid} (the reason names the field),
 * {@code journal_unwritable}.
 */
@Command(
    name = "chargebay plan",
    description =
        "Plans a depot's charging: per bay a schedule of current limits under the site's cap,"
            + " its departure and the tariff.")
public final class PlanCli implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "The depot, as JSON (see README.md, \"Depot planner\").")
  Path input = Path.of("");

  @Option(
      names = "--policy",
      paramLabel = "POLICY",
      description = "planned (default), at-plug-in or latest-start.",
      defaultValue = "planned")
  String policy = "planned";

  @Option(names = "--json", description = "Print the plan as one JSON object.")
  boolean json;

  @Option(
      names = "--journal",
      paramLabel = "FILE",
      description =
          "Also record the plan in this journal (stream 'plans'): PlanComputed with the input,"
              + " then one AllocationChanged per change of a bay's limit.")
  @Nullable Path journal;

  private final PrintStream out;
  private final Clock clock;

  PlanCli(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, Clock.systemUTC()));
  }

  /** Runs the command; returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
    return CliRunner.run(new PlanCli(out, clock), args, out, err);
  }

  @Override
  public Integer call() {
    Policy p =
        Policy.ofLabel(policy)
            .orElseThrow(
                () ->
                    new ParameterException(
                        spec.commandLine(),
                        "--policy '"
                            + policy
                            + "' is not one of planned, at-plug-in, latest-start"));
    String text;
    try {
      text = Files.readString(input, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new DataError("input_unreadable", "no such file: " + input);
    } catch (IOException e) {
      throw new DataError("input_unreadable", "cannot read " + input + ": " + e.getMessage());
    }
    Depot depot;
    try {
      depot = DepotJson.parse(text);
    } catch (InvalidDepotException e) {
      throw new DataError("input_invalid", e.getMessage());
    }
    Plan plan = DepotPlanner.plan(depot, p);
    if (journal != null) {
      record(journal, text, plan);
    }
    if (json) {
      out.println(DepotJson.write(DepotJson.toJson(plan, depot)));
    } else {
      printText(plan);
    }
    return Exit.OK;
  }

  /** Appends the plan's events to the journal's stream {@value PlanComputed#STREAM}. */
  private void record(Path file, String text, Plan plan) {
    Instant at = clock.instant();
    String id = "plan-" + at.toEpochMilli() + "-" + Integer.toHexString(text.hashCode());
    List<ChargeEvent> events = PlanEvents.of(id, at, text, plan);
    try (SqliteEventStore store = SqliteEventStore.open(file)) {
      store.append(PlanComputed.STREAM, ExpectedVersion.any(), events);
    } catch (EventStoreException e) {
      throw new DataError(
          "journal_unwritable",
          "the plan could not be recorded in " + file + ": " + e.getMessage());
    }
  }

  private void printText(Plan plan) {
    for (BayPlan b : plan.bays()) {
      out.printf(
          Locale.ROOT,
          "%s: %s, %.1f %% at departure, %.3f kWh%n",
          b.id(),
          b.meetsTarget() ? "meets its target" : "MISSES its target",
          Math.floor(b.expectedSocAtDeparture() * 10) / 10,
          b.energyKwh());
      // Slots of one current and reason in a row read as one line, with their highest power.
      List<Slot> slots = b.slots();
      for (int i = 0; i < slots.size(); ) {
        Slot first = slots.get(i);
        Slot last = first;
        double peak = first.kw();
        int j = i + 1;
        while (j < slots.size()
            && slots.get(j).from().equals(last.to())
            && slots.get(j).amps() == first.amps()
            && slots.get(j).reason().equals(first.reason())) {
          last = slots.get(j++);
          peak = Math.max(peak, last.kw());
        }
        out.printf(
            Locale.ROOT,
            "  %s .. %s  %7.2f A  up to %7.3f kW  %s%n",
            first.from(),
            last.to(),
            first.amps(),
            peak,
            first.reason());
        i = j;
      }
    }
    out.printf(
        Locale.ROOT,
        "policy %s: peak %.3f kW, %.3f kWh, cost %.2f, %d of %d bays miss their target%s%n",
        plan.policy().label(),
        plan.peakKw(),
        plan.energyKwh(),
        plan.energyCost(),
        plan.infeasible().size(),
        plan.bays().size(),
        plan.infeasible().isEmpty() ? "" : " (" + String.join(", ", plan.infeasible()) + ")");
  }
}
