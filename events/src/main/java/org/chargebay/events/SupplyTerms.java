package org.chargebay.events;

import org.jspecify.annotations.Nullable;

/**
 * How a session uses the bay's supply, decided at its start from the supply's capabilities and the
 * bay's configuration, so that the journal says whether safety layer 1 (the supply's own OVP/OCP)
 * protects the session.
 *
 * @param supplyModel the model the decision was based on, e.g. {@code RD6018}, {@code DPH8920},
 *     {@code WAVESHARE-RELAY}
 * @param hardwareBackstop true: the runtime writes {@code ovpMillivolts}/{@code ocpMilliamps} to
 *     the supply and verifies them before any current flows; false: the supply has no settable
 *     OVP/OCP and the bay's operator accepted charging without it (the safety supervisor and the
 *     BMS charge MOSFET remain)
 * @param ovpMillivolts the supply's over-voltage protection, null without a hardware backstop
 * @param ocpMilliamps the supply's over-current protection, null without a hardware backstop
 * @param fixedMillivolts the output voltage of a fixed charger that can only be switched on and off
 *     (a relay-switched charger), null for a regulated supply
 * @param detail one sentence for the operator naming the capabilities and the numbers
 */
public record SupplyTerms(
    String supplyModel,
    boolean hardwareBackstop,
    @Nullable Integer ovpMillivolts,
    @Nullable Integer ocpMilliamps,
    @Nullable Integer fixedMillivolts,
    String detail) {

  public SupplyTerms {
    if (hardwareBackstop != (ovpMillivolts != null) || hardwareBackstop != (ocpMilliamps != null)) {
      throw new IllegalArgumentException(
          "OVP and OCP are given exactly when there is a hardware backstop; was hardwareBackstop="
              + hardwareBackstop
              + ", ovp="
              + ovpMillivolts
              + ", ocp="
              + ocpMilliamps);
    }
  }
}
