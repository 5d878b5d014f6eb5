package org.chargebay.app.demo.simulate;

import java.util.List;
import org.chargebay.events.ChargeProfile;

/**
 * What one simulation charges: the pack, the devices around it, the profile, the conditions and the
 * faults to inject. Validated by {@link SimulateCli}.
 *
 * @param chemistry NMC, NCA, LFP or LTO
 * @param series cells in series
 * @param capacityAh capacity of each cell (parallel group)
 * @param socPercent the pack's mean state of charge at the start
 * @param imbalanceMillivolts resting spread of the cells at the start, highest minus lowest
 * @param bms the BMS family ({@code jbd}, {@code jk}, {@code daly}, {@code ant})
 * @param supply the supply model ({@code rd6006} ... {@code rd6030}, {@code ea})
 * @param profile the session's profile (ceiling and current)
 * @param tempDeciCelsius what the BMS's temperature sensors read throughout
 * @param restHours simulated rest after the charge ends
 * @param selfDischargeMillivoltsPerDay how fast a resting cell's voltage drops
 * @param topUpDropMillivolts the drop of the highest cell since completion that triggers a top-up
 * @param faults the faults to inject, each at its minute
 * @param seed permutes which cell gets which share of the imbalance
 */
public record Scenario(
    String chemistry,
    int series,
    double capacityAh,
    double socPercent,
    double imbalanceMillivolts,
    String bms,
    String supply,
    ChargeProfile profile,
    int tempDeciCelsius,
    double restHours,
    double selfDischargeMillivoltsPerDay,
    int topUpDropMillivolts,
    List<FaultAt> faults,
    long seed) {

  public Scenario {
    faults = List.copyOf(faults);
  }

  /** This scenario with other faults. */
  public Scenario withFaults(List<FaultAt> other) {
    return new Scenario(
        chemistry,
        series,
        capacityAh,
        socPercent,
        imbalanceMillivolts,
        bms,
        supply,
        profile,
        tempDeciCelsius,
        restHours,
        selfDischargeMillivoltsPerDay,
        topUpDropMillivolts,
        other,
        seed);
  }

  /**
   * A fault by name, injected {@code minutes} after the simulation starts.
   *
   * @param argument the fault's argument (K of {@code wrong-series=K}), 0 if it takes none
   */
  public record FaultAt(String name, double minutes, int argument) {
    public FaultAt(String name, double minutes) {
      this(name, minutes, 0);
    }

    /** The name as {@code --fault} takes it, with the argument. */
    public String label() {
      return argument == 0 ? name : name + "=" + argument;
    }
  }
}
