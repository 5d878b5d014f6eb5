package org.chargebay.simulator.fleet;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.chargebay.simulator.supply.EmulatedModel;
import org.jspecify.annotations.Nullable;

/**
 * What a fleet simulator serves. Built with {@link #create(Consumer)}; every check happens here,
 * and a failed one is an {@link IllegalArgumentException} whose message names the option and what
 * is wrong (the command line prints it as is).
 *
 * @param bays how many bays, 1 to {@link #MAX_BAYS}
 * @param supply the supply model every bay emulates
 * @param bms the BMS family every bay emulates
 * @param speed simulated seconds per wall second (1 = real time), above 0 and at most 10,000
 * @param portBase 0: ephemeral loopback ports; else bay i (0-based) serves its supply on {@code
 *     portBase + 2i} and its BMS on {@code portBase + 2i + 1}
 * @param seed chooses each pack's state of charge and imbalance and which bays fault or hang
 * @param configOut where the controller's bay configuration is written
 * @param resultsOut where the per-bay results are written on close; null = not written
 */
public record FleetOptions(
    int bays,
    EmulatedModel supply,
    FleetBms bms,
    double speed,
    int portBase,
    long seed,
    Profile profile,
    FaultPlan faults,
    Path configOut,
    @Nullable Path resultsOut) {

  /** The most bays one simulator serves (two loopback ports each). */
  public static final int MAX_BAYS = 5_000;

  /**
   * The packs and the charge profile written for every bay.
   *
   * @param cells NMC cells in series, 1-32 (2.0 Ah, 30 mOhm each)
   * @param cellCeilingVolts the profile's per-cell ceiling
   * @param cellMarginVolts the controller's cut-off margin above the ceiling (0.001-0.100 V)
   * @param currentAmps the CC current
   * @param autoStart written as {@code auto-start}: the controller starts each bay on fresh data
   * @param socMinPercent the lowest starting mean state of charge
   * @param socMaxPercent the highest starting mean state of charge
   */
  public record Profile(
      int cells,
      BigDecimal cellCeilingVolts,
      BigDecimal cellMarginVolts,
      BigDecimal currentAmps,
      boolean autoStart,
      double socMinPercent,
      double socMaxPercent) {

    /** Ceiling plus margin: the cell voltage above which the controller must cut off. */
    public double cutOffCellVolts() {
      return cellCeilingVolts.add(cellMarginVolts).doubleValue();
    }
  }

  /**
   * Bays that misbehave, chosen by the seed (a bay is never both).
   *
   * @param percent share of bays whose supply ignores its voltage setpoint (and whose own OVP/OCP
   *     does not trip) from {@code after} on, 0-100
   * @param after when the faulted supplies start ignoring the setpoint, on the simulation clock
   *     from the fleet's start
   * @param hang bays whose supply and BMS accept connections and never answer
   */
  public record FaultPlan(double percent, Duration after, int hang) {

    /** How many of {@code bays} fault: {@code percent} of them, rounded to the nearest bay. */
    public int faultedOf(int bays) {
      return (int) Math.round(bays * percent / 100.0);
    }
  }

  public FleetOptions {
    Objects.requireNonNull(supply, "supply");
    Objects.requireNonNull(bms, "bms");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(faults, "faults");
    if (configOut == null) {
      throw new IllegalArgumentException("--config-out FILE is required");
    }
    check(bays >= 1 && bays <= MAX_BAYS, "--bays must be 1 to " + MAX_BAYS + ", was " + bays);
    check(speed > 0 && speed <= 10_000, "--speed must be above 0 and at most 10000, was " + speed);
    if (portBase != 0) {
      check(
          portBase >= 1024 && portBase + 2L * bays - 1 <= 65_535,
          "--port-base "
              + portBase
              + " with "
              + bays
              + " bays needs ports "
              + portBase
              + "-"
              + (portBase + 2L * bays - 1)
              + "; they must lie within 1024-65535");
    }
    check(
        profile.cells() >= 1 && profile.cells() <= 32,
        "--cells must be 1 to 32, was " + profile.cells());
    BigDecimal ceiling = profile.cellCeilingVolts();
    BigDecimal margin = profile.cellMarginVolts();
    check(
        ceiling.compareTo(new BigDecimal("3.0")) >= 0 && ceiling.scale() <= 3,
        "--ceiling-volts must be at least 3.0 with at most 3 decimals, was " + ceiling);
    check(
        margin.compareTo(new BigDecimal("0.001")) >= 0
            && margin.compareTo(new BigDecimal("0.100")) <= 0
            && margin.scale() <= 3,
        "--margin-volts must be 0.001 to 0.100, was " + margin);
    check(
        ceiling.add(margin).compareTo(new BigDecimal("4.25")) <= 0,
        "--ceiling-volts plus --margin-volts must be at most 4.25 V, was " + ceiling.add(margin));
    BigDecimal amps = profile.currentAmps();
    check(
        amps.signum() > 0 && amps.doubleValue() <= supply.maxAmps() && amps.scale() <= 3,
        "--current-amps must be above 0 and at most "
            + supply.maxAmps()
            + " ("
            + supply.displayName()
            + ") with at most 3 decimals, was "
            + amps);
    double ovpVolts = profile.cells() * (ceiling.doubleValue() + 0.050);
    check(
        ovpVolts <= supply.maxVolts(),
        supply.displayName()
            + " can set at most "
            + supply.maxVolts()
            + " V; "
            + profile.cells()
            + " cells at "
            + ceiling
            + " V plus the controller's 50 mV OVP margin need "
            + String.format(java.util.Locale.ROOT, "%.2f", ovpVolts)
            + " V (use fewer --cells or another --supply)");
    check(
        profile.socMinPercent() >= 0
            && profile.socMinPercent() <= profile.socMaxPercent()
            && profile.socMaxPercent() <= 100,
        "--soc must be MIN-MAX with 0 <= MIN <= MAX <= 100, was "
            + profile.socMinPercent()
            + "-"
            + profile.socMaxPercent());
    check(
        faults.percent() >= 0 && faults.percent() <= 100,
        "--fault-percent must be 0 to 100, was " + faults.percent());
    check(!faults.after().isNegative(), "--fault-after must not be negative");
    check(
        faults.hang() >= 0 && faults.hang() <= bays,
        "--hang must be 0 to --bays, was " + faults.hang());
    check(
        faults.faultedOf(bays) + faults.hang() <= bays,
        "--fault-percent "
            + faults.percent()
            + " ("
            + faults.faultedOf(bays)
            + " bays) plus --hang "
            + faults.hang()
            + " is more than the "
            + bays
            + " bays");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Options from the defaults below, changed by {@code customizer}; see the record for checks. */
  public static FleetOptions create(Consumer<Builder> customizer) {
    Builder b = new Builder();
    customizer.accept(b);
    return b.build();
  }

  /**
   * Mutable builder with the command line's defaults: RD6018, JBD, real time, ephemeral ports, seed
   * 1, 13S at 4.15 V + 20 mV and 2 A, auto-start on, start at 20-80 % state of charge, no faults.
   */
  public static final class Builder {
    private int bays = 1;
    private EmulatedModel supply = EmulatedModel.RD6018;
    private FleetBms bms = FleetBms.JBD;
    private double speed = 1;
    private int portBase;
    private long seed = 1;
    private int cells = 13;
    private BigDecimal ceiling = new BigDecimal("4.15");
    private BigDecimal margin = new BigDecimal("0.020");
    private BigDecimal amps = new BigDecimal("2.0");
    private boolean autoStart = true;
    private double socMin = 20;
    private double socMax = 80;
    private double faultPercent;
    private Duration faultAfter = Duration.ofSeconds(60);
    private int hang;
    private @Nullable Path configOut;
    private @Nullable Path resultsOut;

    public Builder bays(int n) {
      bays = n;
      return this;
    }

    public Builder supply(EmulatedModel m) {
      supply = m;
      return this;
    }

    public Builder bms(FleetBms b) {
      bms = b;
      return this;
    }

    public Builder speed(double s) {
      speed = s;
      return this;
    }

    public Builder portBase(int p) {
      portBase = p;
      return this;
    }

    public Builder seed(long s) {
      seed = s;
      return this;
    }

    public Builder cells(int n) {
      cells = n;
      return this;
    }

    public Builder cellCeilingVolts(BigDecimal v) {
      ceiling = v;
      return this;
    }

    public Builder cellMarginVolts(BigDecimal v) {
      margin = v;
      return this;
    }

    public Builder currentAmps(BigDecimal a) {
      amps = a;
      return this;
    }

    public Builder autoStart(boolean on) {
      autoStart = on;
      return this;
    }

    public Builder soc(double minPercent, double maxPercent) {
      socMin = minPercent;
      socMax = maxPercent;
      return this;
    }

    public Builder faultPercent(double p) {
      faultPercent = p;
      return this;
    }

    public Builder faultAfter(Duration d) {
      faultAfter = d;
      return this;
    }

    public Builder hang(int n) {
      hang = n;
      return this;
    }

    public Builder configOut(Path p) {
      configOut = p;
      return this;
    }

    public Builder resultsOut(@Nullable Path p) {
      resultsOut = p;
      return this;
    }

    FleetOptions build() {
      return new FleetOptions(
          bays,
          supply,
          bms,
          speed,
          portBase,
          seed,
          new Profile(cells, ceiling, margin, amps, autoStart, socMin, socMax),
          new FaultPlan(faultPercent, faultAfter, hang),
          configOut,
          resultsOut);
    }
  }
}
