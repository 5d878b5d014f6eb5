package org.chargebay.supply.ea;

import java.util.List;

/**
 * The EA PS/PSI 9000/10000 Modbus map as data (0-based PDU addresses; EA Programming Guide rev 24
 * and the PS 10000 / PSI 10000 register lists KE 3.02+, reproduced in ami3go/EA-PS-9000T Docs).
 */
public final class EaRegisters {
  private EaRegisters() {}

  /** 100 % of nominal on the set-value and actual-value registers (Guide §4.3-4.4). */
  public static final int PERCENT_100 = 0xCCCC;

  /** 110 %: the top of the OVP/OCP threshold range. */
  public static final int PERCENT_110 = 0xE147;

  public static final int DEVICE_CLASS = 0;

  /** char[40], 20 registers. */
  public static final int DEVICE_TYPE = 1;

  /** float32, high word first; 123 current, 125 power follow. */
  public static final int NOMINAL_VOLTAGE = 121;

  public static final int COIL_REMOTE = 402;
  public static final int COIL_DC_OUTPUT = 405;
  public static final int COIL_ACK_ALARMS = 411;
  public static final int SET_VOLTAGE = 500;
  public static final int SET_CURRENT = 501;
  public static final int SET_POWER = 502;

  /** u32 over 505-506. */
  public static final int DEVICE_STATE = 505;

  /** 507 U, 508 I, 509 P: 0-125 %. */
  public static final int ACTUAL_VOLTAGE = 507;

  public static final int OVP = 550;
  public static final int OCP = 553;

  public static final int STATE_DC_ON = 1 << 7;
  public static final int STATE_REMOTE = 1 << 11;
  public static final int STATE_ANY_ALARM = 1 << 15;
  public static final int STATE_OVP = 1 << 16;
  public static final int STATE_OCP = 1 << 17;
  public static final int STATE_OPP = 1 << 18;
  public static final int STATE_OT = 1 << 19;

  /** Protection codes as this driver reports them. */
  public static final List<String> PROTECTION_NAMES =
      List.of("none", "OVP", "OCP", "OPP", "OT", "alarm");

  static float float32(int highWord, int lowWord) {
    return Float.intBitsToFloat((highWord << 16) | (lowWord & 0xFFFF));
  }
}
