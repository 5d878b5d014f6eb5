package org.chargebay.app.demo.simulate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.supply.ModbusSupplyEmulator;
import org.chargebay.simulator.supply.SupplyFaults;
import org.jspecify.annotations.Nullable;

/**
 * The faults {@code simulate --fault NAME[@MINUTES]} can inject, by name. Each is physics or
 * protocol behaviour of the simulated hardware (a switch of the {@link SimulatedBay} or of the
 * supply emulator), thrown at its minute; a simulation with faults reports when the fault became
 * observable ({@code violation_at_s}) and how long the cut took on each path, measured on the
 * simulated hardware, not from the controller's events.
 */
public final class SimulatedFaults {

  /**
   * What a fault's {@code violation_at_s} means, and the bound its cut must meet.
   *
   * @param boundMillis the longest allowed time from the violation to both working paths off; 0
   *     when the fault has a bound of another kind (stated in {@link #bound})
   * @param bound the bound in words, for the scenario table
   */
  public enum Kind {
    /** The first instant a true cell exceeded ceiling + margin. */
    OVER_VOLTAGE(250, "over-ceiling to both paths off <= 250 ms"),
    /** The fault's onset: the device stops telling the truth or answering. */
    COMMUNICATION(1_000, "<= 1 s after onset"),
    /** The onset; the bound is the true highest cell, still below ceiling + margin at the cut. */
    FROZEN(0, "cut while the true highest cell < ceiling + margin"),
    /**
     * The toggle of the alarm bit that reaches the flapping rule's count (the first set counts); a
     * family whose alarm field gives the bit a charge-alarm meaning is cut at the onset.
     */
    FLAPPING(1_000, "<= 1 s after the toggle that reaches the rule's count"),
    /** The instant the no-taper rule's window holds on the true current and cells. */
    NO_TAPER(5_000, "<= 5 s after the rule's window holds"),
    /** The instant the true temperature passed the chemistry's charge maximum. */
    OVER_TEMPERATURE(
        1_000, "<= 1 s after the BMS can report the true temperature above the maximum"),
    /** The onset; at minute 0 the start must be refused before any current flows. */
    WRONG_PACK(1_000, "refused before any current; mid-session <= 1 s"),
    /** The first "off" the supply ignored. */
    OUTPUT_IGNORES_OFF(1_000, "BMS path alone <= 1 s after the ignored off"),
    /** Nothing to catch: the outcome must be the same as without the fault. */
    NO_EFFECT(0, "changes nothing"),
    /** Visible only at a cut: the supply path alone cuts, the BMS path is reported failed. */
    FET_IGNORED(0, "supply path alone; evidence: BMS path failed");

    private final long boundMillis;
    private final String bound;

    Kind(long boundMillis, String bound) {
      this.boundMillis = boundMillis;
      this.bound = bound;
    }

    public long boundMillis() {
      return boundMillis;
    }

    public String bound() {
      return bound;
    }
  }

  /**
   * What a fault is thrown on: the bay, the supply emulator's fault switches, the RD6012P emulator
   * when that is the supply, the scenario, and the fault's argument (K of {@code wrong-series=K}).
   */
  public record Bench(
      SimulatedBay bay,
      SupplyFaults supply,
      @Nullable ModbusSupplyEmulator riden,
      Scenario scenario,
      int argument) {}

  /** One injectable fault: what to switch on the simulated bench when its minute comes. */
  @FunctionalInterface
  public interface Injection {
    void inject(Bench bench);
  }

  /**
   * One fault.
   *
   * @param name the name {@code --fault} takes
   * @param description one line for the help and the scenario table
   * @param kind what its violation means and its bound
   * @param takesArgument true for {@code wrong-series=K}
   * @param injection what it switches
   */
  public record Fault(
      String name, String description, Kind kind, boolean takesArgument, Injection injection) {

    /**
     * Why this fault cannot be injected on this BMS family and supply model, or empty if it can.
     */
    public Optional<String> notApplicable(String bms, String supply) {
      if (name.equals("range-change") && !supply.equals("rd6012p")) {
        return Optional.of(
            "range-change needs --supply rd6012p: only the RD6012P has a current range register"
                + " (was "
                + supply
                + ")");
      }
      return Optional.empty();
    }
  }

  /** The period of {@code flapping}'s toggles. */
  static final Duration FLAPPING_PERIOD = Duration.ofSeconds(2);

  /**
   * The alarm bit {@code flapping} toggles in the family's own alarm field: one that is no charge
   * alarm, so that the flapping rule is what catches it (JBD bit 1, cell under-voltage; Daly bit 2,
   * cell under-voltage level 1; JK bit 1).
   */
  static int flappingBit(String bms) {
    return bms.equals("daly") ? 1 << 2 : 1 << 1;
  }

  /** The downtime of {@code bms-reboot}. */
  static final Duration REBOOT_DOWNTIME = Duration.ofSeconds(5);

  private static final Map<String, Fault> KNOWN = new LinkedHashMap<>();

  static {
    add(
        "stuck-cc",
        "the supply ignores its voltage setpoint and holds its current (and so its OVP)",
        Kind.OVER_VOLTAGE,
        b -> {
          b.bay().faults().supplyIgnoresVoltageSetpoint(true);
          b.supply().protectionDisabled(true); // a CC-only converter past full has no OVP
        });
    add(
        "output-ignores-off",
        "the supply acknowledges \"output off\" and keeps its output on",
        Kind.OUTPUT_IGNORES_OFF,
        b -> b.supply().outputIgnoresOff(true));
    add(
        "readback-lies",
        "the supply reports the commanded values but outputs 5 % more voltage",
        Kind.OVER_VOLTAGE,
        b -> {
          b.bay().setOutputVoltageGain(1.05);
          b.supply().protectionDisabled(true); // its OVP measures with the same lying divider
        });
    add(
        "bms-frozen",
        "the BMS keeps answering with the readings of the fault's instant",
        Kind.FROZEN,
        b -> b.bay().freezeBms());
    add(
        "bms-silent",
        "the BMS answers nothing (and so applies no MOSFET command)",
        Kind.COMMUNICATION,
        b -> b.bay().silenceBms());
    add(
        "bms-reboot",
        "the BMS drops out for 5 s and comes back with its MOSFETs on and counters reset",
        Kind.COMMUNICATION,
        b -> b.bay().rebootBms(REBOOT_DOWNTIME));
    add(
        "wrong-series",
        "wrong-series=K: the pack on the bay has K cells (4..32)",
        Kind.WRONG_PACK,
        true,
        b -> b.bay().replacePack(b.argument()));
    add(
        "miswire",
        "the top sense lead of the last cell sits on the tap below: that cell reads 0 V and the"
            + " sum of the cells no longer equals the pack",
        Kind.WRONG_PACK,
        b -> b.bay().miswireSenseLead(b.scenario().series() - 1));
    add(
        "flapping",
        "a discharge-side alarm bit (cell under-voltage) toggles every 2 s in the family's alarm"
            + " field",
        Kind.FLAPPING,
        b -> b.bay().flapAlarm(flappingBit(b.scenario().bms()), FLAPPING_PERIOD));
    add(
        "overtemp",
        "the cell under the first probe heats by 1 degC per simulated minute",
        Kind.OVER_TEMPERATURE,
        b -> b.bay().heatCell(1.0));
    add(
        "soc-drift",
        "the BMS's own SoC reads 30 points high",
        Kind.NO_EFFECT,
        b -> b.bay().driftSoc(30));
    add(
        "range-change",
        "the RD6012P current range register flips, its current registers keep their counts",
        Kind.COMMUNICATION,
        b -> {
          ModbusSupplyEmulator riden = b.riden();
          if (riden == null) {
            throw new IllegalStateException("range-change needs an RD6012P");
          }
          riden.flipCurrentRangeKeepingCounts();
        });
    add(
        "supply-silent",
        "the supply answers nothing (and so carries out no command)",
        Kind.COMMUNICATION,
        b -> b.supply().silent(true));
    add(
        "no-taper",
        "every cell group gets a soft short drawing 60 % of the charge current (a wet or"
            + " contaminated cell block): at the ceiling the current never tapers",
        Kind.NO_TAPER,
        b -> b.bay().shortEveryCell(b.scenario().profile().chargeCurrentMilliamps() * 0.6 / 1000));
    add(
        "bms-fet-ignored",
        "the BMS acknowledges MOSFET commands and applies none (visible at a cut: combine it with a"
            + " fault that causes one)",
        Kind.FET_IGNORED,
        b -> b.bay().ignoreFetCommands());
  }

  private SimulatedFaults() {}

  private static void add(String name, String description, Kind kind, Injection injection) {
    add(name, description, kind, false, injection);
  }

  private static void add(
      String name, String description, Kind kind, boolean argument, Injection injection) {
    KNOWN.put(name, new Fault(name, description, kind, argument, injection));
  }

  /** The fault of this name (without its argument), or empty. */
  public static Optional<Fault> of(String name) {
    return Optional.ofNullable(KNOWN.get(name));
  }

  /** Every known fault name, sorted. */
  public static Set<String> names() {
    return new TreeSet<>(KNOWN.keySet());
  }

  /** Every known fault, in the order. */
  public static List<Fault> all() {
    return List.copyOf(KNOWN.values());
  }
}
