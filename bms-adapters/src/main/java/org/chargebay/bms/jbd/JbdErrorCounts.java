package org.chargebay.bms.jbd;

/**
 * The protection-event counters (register 0xAA, undocumented in the V4 PDF, used by ESPHome):
 * eleven big-endian u16 counters in this order; the capture (jbd-04) carries two more bytes that
 * are not a counter and are ignored. Each counter is 0-65535.
 *
 * @param shortCircuit short-circuit trips
 * @param chargeOvercurrent charge over-current trips
 * @param dischargeOvercurrent discharge over-current trips
 * @param cellOvervoltage cell over-voltage trips
 * @param cellUndervoltage cell under-voltage trips
 * @param chargeOvertemperature charge over-temperature trips
 * @param chargeUndertemperature charge under-temperature trips
 * @param dischargeOvertemperature discharge over-temperature trips
 * @param dischargeUndertemperature discharge under-temperature trips
 * @param packOvervoltage pack over-voltage trips
 * @param packUndervoltage pack under-voltage trips
 */
public record JbdErrorCounts(
    int shortCircuit,
    int chargeOvercurrent,
    int dischargeOvercurrent,
    int cellOvervoltage,
    int cellUndervoltage,
    int chargeOvertemperature,
    int chargeUndertemperature,
    int dischargeOvertemperature,
    int dischargeUndertemperature,
    int packOvervoltage,
    int packUndervoltage)
    implements JbdFrame {

  /** The number of counters on the wire. */
  public static final int COUNTERS = 11;

  @Override
  public int register() {
    return JbdFrames.REG_ERROR_COUNTS;
  }
}
