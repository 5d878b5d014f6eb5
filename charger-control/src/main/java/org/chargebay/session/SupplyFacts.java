package org.chargebay.session;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a start must know about the bay's supply: the identified model's capabilities as the runtime
 * had them when the start was asked (recorded with the tick, so that a replay decides the same) and
 * the bay's configuration for them. Plain values: the decider depends on no driver.
 *
 * @param model the identified model, e.g. {@code RD6018}
 * @param maxMillivolts highest voltage setpoint the model accepts (a fixed charger: its voltage)
 * @param maxMilliamps highest current setpoint the model accepts (a fixed charger: its current)
 * @param hardwareProtection the model has settable OVP/OCP (safety layer 1)
 * @param fixedMillivolts the voltage of a charger that can only be switched on and off, else null
 * @param notes what the operator should know about the model (e.g. why it has no OVP/OCP)
 * @param ovpMarginMillivolts the supply's own OVP is set to the pack ceiling + this; a fixed
 *     charger's voltage may exceed the pack ceiling by at most this
 * @param ocpMarginMilliamps the supply's own OCP is set to the charge current + this
 * @param acceptNoHardwareLimits the operator accepted charging on a supply without settable OVP/OCP
 *     (safety layer 1 missing; the supervisor and the BMS charge MOSFET remain)
 * @param acceptKey the configuration key that sets {@code acceptNoHardwareLimits}, named in the
 *     refusal so that the operator knows what to set
 */
public record SupplyFacts(
    String model,
    int maxMillivolts,
    int maxMilliamps,
    boolean hardwareProtection,
    @Nullable Integer fixedMillivolts,
    String notes,
    int ovpMarginMillivolts,
    int ocpMarginMilliamps,
    boolean acceptNoHardwareLimits,
    String acceptKey) {

  /**
   * One line for events and logs, e.g. {@code RD6018 max 60000 mV / 18000 mA, settable OVP/OCP} or
   * {@code WAVESHARE-RELAY fixed 54600 mV / 5000 mA, no OVP/OCP}.
   */
  public String describe() {
    return model
        + (fixedMillivolts != null
            ? " fixed " + fixedMillivolts + " mV / " + maxMilliamps + " mA"
            : " max " + maxMillivolts + " mV / " + maxMilliamps + " mA")
        + (hardwareProtection ? ", settable OVP/OCP" : ", no OVP/OCP");
  }

  /**
   * Why a regulated supply cannot serve a charge profile, or empty if it can. The check includes
   * the margins the hardware protection adds above the profile (those too must be settable; the
   * model's OVP/OCP registers reach about 10 % above its setpoint range).
   *
   * @param ceilingMillivolts the pack's CV ceiling
   * @param currentMilliamps the profile's charge current
   */
  public Optional<String> cannotServe(int ceilingMillivolts, int currentMilliamps) {
    if (ceilingMillivolts > maxMillivolts) {
      return Optional.of(
          model
              + " can set at most "
              + maxMillivolts
              + " mV; the profile needs "
              + ceilingMillivolts
              + " mV");
    }
    if (currentMilliamps > maxMilliamps) {
      return Optional.of(
          model
              + " can set at most "
              + maxMilliamps
              + " mA; the profile needs "
              + currentMilliamps
              + " mA");
    }
    if (hardwareProtection
        && (ceilingMillivolts + ovpMarginMillivolts > maxMillivolts * 11L / 10
            || currentMilliamps + ocpMarginMilliamps > maxMilliamps * 11L / 10)) {
      return Optional.of(
          model
              + " cannot hold its OVP/OCP at the profile plus margin ("
              + (ceilingMillivolts + ovpMarginMillivolts)
              + " mV / "
              + (currentMilliamps + ocpMarginMilliamps)
              + " mA)");
    }
    return Optional.empty();
  }
}
