package org.chargebay.app.demo.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chargebay.cli.common.CliRunner;
import org.chargebay.cli.common.Exit;
import org.chargebay.events.ChargeProfile;
import org.chargebay.session.Chemistries;
import org.chargebay.session.Chemistry;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simulate}: "what would this profile do to this pack?" One session of the real bay runtime
 * on the virtual clock, as fast as the CPU allows; the defaults are the demo bay (13S NMC, 2 Ah, 30
 * %, 40 mV imbalance, JBD, RD6018, 4.15 V, 2 A, 25 degC). Exit 0 whatever the outcome (it is in the
 * report), 64 on bad usage.
 */
@Command(
    name = "chargebay simulate",
    description = {
      "Simulates one charge session of the real controller (supervisor, decider, journal) against"
          + " a simulated pack behind emulated devices, on a virtual clock, and reports it as one"
          + " JSON object: outcome (completed, refused, cut_off, stopped, unfinished), reason,"
          + " max_cell_v (the highest"
          + " true cell voltage), final_delta_mv, duration_s, ah, wh, top_ups, the fault timings"
          + " and the event types in order."
    },
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {
      " 0:simulated (whatever the outcome)",
      "64:usage error, on stderr",
      "70:unexpected failure: {\"error\":\"internal\",...} on stderr"
    })
public final class SimulateCli implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The simulated minute a fault is injected at when {@code @MINUTES} is not given. */
  static final double DEFAULT_FAULT_MINUTE = 10;

  private static final long CHARGE_LIMIT_MINUTES = Simulation.CHARGE_LIMIT.toMinutes();

  @Spec CommandSpec spec;

  @Option(names = "--chemistry", paramLabel = "nmc|nca|lfp|lto", description = "Default: nmc.")
  String chemistry = "nmc";

  @Option(names = "--series", paramLabel = "N", description = "Cells in series, 1..32. Default 13.")
  int series = 13;

  @Option(
      names = "--capacity-ah",
      paramLabel = "X",
      description = "Capacity of each cell (parallel group), Ah. Default 2.0.")
  double capacityAh = 2.0;

  @Option(
      names = "--soc-pct",
      paramLabel = "P",
      description = "Mean state of charge at the start, 0..100 %. Default 30.")
  double socPercent = 30;

  @Option(
      names = "--imbalance-mv",
      paramLabel = "M",
      description = "Resting spread of the cells at the start, mV, 0..500. Default 40.")
  double imbalanceMillivolts = 40;

  @Option(
      names = "--bms",
      paramLabel = "jbd|jk|daly|ant|none",
      description =
          "The pack's BMS; none: a pack without a smart BMS, charged on the supply alone (pack"
              + " ceiling cells x (ceiling - 50 mV), taper or 8 h). Default: jbd.")
  String bms = "jbd";

  @Option(
      names = "--supply",
      paramLabel = "MODEL",
      description =
          "rd6006, rd6006p, rd6012, rd6012p, rd6018, rd6024, rd6030, ea (EA PS 9080-120, 80 V)"
              + " or ea-200v (EA PS 9200-50, 200 V). Default rd6018.")
  String supply = "rd6018";

  @Option(
      names = "--ceiling",
      paramLabel = "V",
      description = "Per-cell ceiling, volts. Default: the chemistry's default ceiling.")
  @Nullable BigDecimal ceiling;

  @Option(names = "--amps", paramLabel = "A", description = "Charge current, amps. Default 2.")
  BigDecimal amps = new BigDecimal("2");

  @Option(
      names = "--temp-c",
      paramLabel = "T",
      description = "Pack temperature throughout, degC, -40..80. Default 25.")
  double tempCelsius = 25;

  @Option(
      names = "--rest-hours",
      paramLabel = "H",
      description = "Simulated rest after the charge, hours. Default 0.")
  double restHours = 0;

  @Option(
      names = "--self-discharge-mv-per-day",
      paramLabel = "D",
      description = "Resting cell voltage drop per day. Default 0.")
  double selfDischarge = 0;

  @Option(
      names = "--top-up-drop-mv",
      paramLabel = "M",
      description = "Drop of the highest cell since completion that triggers a top-up. Default 50.")
  int topUpDrop = 50;

  @Option(
      names = "--fault",
      paramLabel = "NAME[@MINUTES]",
      description =
          "Inject a fault at a simulated minute (default 10; repeatable): stuck-cc,"
              + " output-ignores-off, readback-lies, bms-frozen, bms-silent, bms-reboot,"
              + " wrong-series=K (K cells, 4..32), miswire, flapping, overtemp, soc-drift,"
              + " range-change (RD6012P only), supply-silent, no-taper, bms-fet-ignored (seen"
              + " only at a cut: combine it with another fault).")
  List<String> faults = new ArrayList<>();

  @Option(names = "--seed", paramLabel = "S", description = "Permutes the imbalance. Default 0.")
  long seed = 0;

  @Option(names = "--json", description = "One JSON object on one line (default: indented).")
  boolean json;

  private final PrintStream out;

  private SimulateCli(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Logger.getLogger("org.chargebay").setLevel(Level.SEVERE);
    return CliRunner.run(new SimulateCli(out), args, out, err);
  }

  @Override
  public Integer call() throws JsonProcessingException {
    Scenario scenario = scenario();
    SimulationResult result = Simulation.run(scenario);
    out.println(
        json
            ? JSON.writeValueAsString(result)
            : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    return Exit.OK;
  }

  /** The checked scenario; a bad value is a usage error naming the option. */
  Scenario scenario() {
    Chemistry chem =
        Chemistries.of(chemistry)
            .orElseThrow(
                () ->
                    usage(
                        "--chemistry '"
                            + chemistry
                            + "' is not one of "
                            + Chemistries.names().toString().toLowerCase(Locale.ROOT)));
    require(series >= 1 && series <= 32, "--series must be 1..32, was " + series);
    require(
        capacityAh > 0 && capacityAh <= 1000, "--capacity-ah must be above 0, was " + capacityAh);
    require(socPercent >= 0 && socPercent <= 100, "--soc-pct must be 0..100, was " + socPercent);
    require(
        imbalanceMillivolts >= 0 && imbalanceMillivolts <= 500,
        "--imbalance-mv must be 0..500, was " + imbalanceMillivolts);
    require(
        Simulation.bmsFamilies().contains(bms),
        "--bms '" + bms + "' is not one of " + Simulation.bmsFamilies());
    require(
        Simulation.supplyModels().contains(supply),
        "--supply '" + supply + "' is not one of " + Simulation.supplyModels());
    require(tempCelsius >= -40 && tempCelsius <= 80, "--temp-c must be -40..80");
    require(restHours >= 0 && restHours <= 24 * 365, "--rest-hours must be 0..8760");
    require(
        restHours == 0 || !bms.equals(Simulation.NO_BMS),
        "--rest-hours needs a BMS: a bay without one (--bms none) does not sleep or top up,"
            + " nothing would see its cells drop");
    require(selfDischarge >= 0 && selfDischarge <= 1000, "--self-discharge-mv-per-day: 0..1000");
    require(topUpDrop >= 1 && topUpDrop <= 1000, "--top-up-drop-mv must be 1..1000");
    int ceilingMv =
        ceiling == null ? chem.ceilings().defaultMillivolts() : millis(ceiling, "--ceiling");
    int currentMa = millis(amps, "--amps");
    require(currentMa >= 20, "--amps must be at least 0.020");
    ChargeProfile profile;
    try {
      profile =
          new ChargeProfile(chem.name(), series, ceilingMv, currentMa, Math.max(1, currentMa / 20));
    } catch (IllegalArgumentException e) {
      throw usage("--ceiling/--amps/--series: " + e.getMessage());
    }
    List<Scenario.FaultAt> faultsAt = new ArrayList<>();
    for (String f : faults) {
      faultsAt.add(fault(f));
    }
    return new Scenario(
        chem.name(),
        series,
        capacityAh,
        socPercent,
        imbalanceMillivolts,
        bms,
        supply,
        profile,
        (int) Math.round(tempCelsius * 10),
        restHours,
        selfDischarge,
        topUpDrop,
        faultsAt,
        seed);
  }

  private Scenario.FaultAt fault(String spec) {
    String name = spec;
    double minutes = DEFAULT_FAULT_MINUTE;
    int at = spec.indexOf('@');
    if (at >= 0) {
      name = spec.substring(0, at);
      String m = spec.substring(at + 1);
      try {
        minutes = Double.parseDouble(m);
      } catch (NumberFormatException e) {
        throw usage("--fault '" + spec + "': MINUTES must be a number, was '" + m + "'");
      }
      require(
          Double.isFinite(minutes) && minutes >= 0 && minutes <= CHARGE_LIMIT_MINUTES,
          "--fault '" + spec + "': MINUTES must be 0.." + CHARGE_LIMIT_MINUTES + ", was " + m);
    }
    int argument = 0;
    String argumentText = null;
    int eq = name.indexOf('=');
    if (eq >= 0) {
      argumentText = name.substring(eq + 1);
      name = name.substring(0, eq);
    }
    String faultName = name;
    SimulatedFaults.Fault fault =
        SimulatedFaults.of(faultName)
            .orElseThrow(
                () ->
                    usage(
                        "--fault '"
                            + faultName
                            + "' is not a known fault; known: "
                            + SimulatedFaults.names()));
    if (fault.takesArgument()) {
      require(
          argumentText != null,
          "--fault '"
              + spec
              + "': "
              + faultName
              + " needs its cell count, e.g. "
              + faultName
              + "=16");
      try {
        argument = Integer.parseInt(argumentText);
      } catch (NumberFormatException e) {
        throw usage("--fault '" + spec + "': K must be a whole number, was '" + argumentText + "'");
      }
      require(
          argument >= 4 && argument <= 32,
          "--fault '" + spec + "': K must be 4..32, was " + argument);
      require(
          argument != series,
          "--fault '"
              + spec
              + "': K must differ from --series "
              + series
              + " (that is the right pack)");
    } else {
      require(
          argumentText == null, "--fault '" + spec + "': " + faultName + " takes no '=' argument");
    }
    fault
        .notApplicable(bms, supply)
        .ifPresent(
            why -> {
              throw usage("--fault '" + spec + "': " + why);
            });
    return new Scenario.FaultAt(faultName, minutes, argument);
  }

  private int millis(BigDecimal value, String option) {
    BigDecimal m = value.movePointRight(3);
    require(m.stripTrailingZeros().scale() <= 0, option + " has more than 3 decimals: " + value);
    require(m.signum() > 0, option + " must be positive: " + value);
    require(m.compareTo(BigDecimal.valueOf(1_000_000)) <= 0, option + " is out of range: " + value);
    return m.intValueExact();
  }

  private void require(boolean ok, String message) {
    if (!ok) {
      throw usage(message);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
