package org.chargebay.supply;

import java.time.Duration;

/**
 * How a model wants to be talked to: bus discipline as data.
 *
 * @param minGap quiet time between the end of one request and the start of the next (XY: 50 ms,
 *     Jens3382/xy6020l txPeriod; Riden stock firmware: under 10 requests/s, so 100 ms)
 * @param minTimeout the shortest response timeout the firmware is known to need (Riden stock FW
 *     1.42+: 500 ms, ShayBox/Riden issue #9; DPS: 500 ms, DPS5005_pyGUI). A configured timeout
 *     below this is raised to it.
 * @param maxReadRegisters registers per read request (Riden: 20, riden-dongle riden_modbus.cpp;
 *     DPS: 32, vendor protocol V1.2)
 * @param readRetries extra attempts for a read that timed out (never for writes)
 */
public record BusTiming(
    Duration minGap, Duration minTimeout, int maxReadRegisters, int readRetries) {
  public BusTiming {
    if (minGap.isNegative() || minTimeout.isNegative() || maxReadRegisters < 1 || readRetries < 0) {
      throw new IllegalArgumentException("bad bus timing");
    }
  }

  /** The effective timeout for a configured one. */
  public Duration timeoutFor(Duration configured) {
    return configured.compareTo(minTimeout) < 0 ? minTimeout : configured;
  }
}
