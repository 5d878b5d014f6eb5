package org.chargebay.supply;

/**
 * What the supply is to do. Already clamped by the caller to the profile and the model's
 * capabilities.
 */
public record SupplySetpoint(int millivolts, int milliamps, boolean outputOn) {
  public SupplySetpoint {
    if (millivolts < 0 || milliamps < 0) {
      throw new IllegalArgumentException(
          "setpoint must not be negative: " + millivolts + " mV, " + milliamps + " mA");
    }
  }

  public static SupplySetpoint off() {
    return new SupplySetpoint(0, 0, false);
  }
}
