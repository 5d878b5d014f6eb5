package org.chargebay.supply;

import java.time.Duration;
import java.util.List;

/**
 * XY-series buck converters as data, from tinkering4fun/XY6020L-Modbus
 * doc/XY6020L-Modbus-Interface.pdf, Jens3382/xy6020l xy6020l.h, creepystefan/esphome-XY6020
 * Register.yaml and csvke/XY-SK120-Modbus-RTU-TTL (fixtures/supplies/REGISTERS.md A3).
 *
 * <p>Poll block 0x00-0x16 (23 registers): V-SET 0x00 (x100), I-SET 0x01, VOUT 0x02, IOUT 0x03,
 * POWER 0x04 (x10 per the PDF), UIN 0x05 (x100), internal temperature 0x0D (x10), PROTECT 0x10,
 * CV/CC 0x11, ONOFF 0x12, MODEL 0x16. OVP/OCP: M0's S-OVP 0x53 (x100) and S-OCP 0x54 (I-scale).
 *
 * <p>Not autodetected: the only public model id is 0x6100 read on one XY6020L, and no id is known
 * for the XY-SK120, whose current is x1000 instead of x100. Guessing would risk a tenfold current,
 * so the model must be configured.
 *
 * <p>Safety: XY6020L units are reported to stay in CC past the CV point "until OVP is triggered"
 * (tinkering4fun README), so S-OVP is the backstop and must sit just above the pack ceiling;
 * writing V-SET above S-OVP trips OVP at once. Bus: requests closer than 50 ms get no answer
 * (Jens3382 txPeriod).
 */
public final class XyModels {
  private XyModels() {}

  static final BusTiming TIMING =
      new BusTiming(Duration.ofMillis(50), Duration.ofMillis(300), 32, 1);

  /** XY6020L: 60 V / 20 A, I x100. Model register 0x6100 seen. */
  public static final RegisterMap XY6020L = map("XY6020L", 0x6100, 0x6100, -2, 60_000, 20_000);

  /** XY-SK120: 30 V / 6 A, I x1000; model id unknown (accepts any). */
  public static final RegisterMap XY_SK120 = map("XY-SK120", 0, 0xFFFF, -3, 30_000, 6_000);

  public static final List<RegisterMap> ALL = List.of(XY6020L, XY_SK120);

  private static RegisterMap map(
      String model, int idLow, int idHigh, int iPow, int maxMv, int maxMa) {
    return new RegisterMap(
        model,
        "XY",
        Register.u16("model", 0x16, 0),
        idLow,
        idHigh,
        false,
        Register.u16("v_set", 0x00, -2),
        Register.u16("i_set", 0x01, iPow),
        Register.u16("v_out", 0x02, -2),
        Register.u16("i_out", 0x03, iPow),
        Register.u16("power", 0x04, -1),
        Register.u16("u_in", 0x05, -2),
        Register.u16("protect", 0x10, 0),
        Register.u16("cv_cc", 0x11, 0),
        Register.u16("onoff", 0x12, 0),
        Register.u16("s_ovp", 0x53, -2),
        Register.u16("s_ocp", 0x54, iPow),
        Register.u16("t_in", 0x0D, -1),
        null,
        0x00,
        0x17,
        List.of("none", "OVP", "OCP", "OPP", "LVP", "OAH", "OHP", "OTP", "OEP", "OWH", "ICP"),
        RegisterMap.WriteFunction.FC06_SINGLE,
        TIMING,
        new SupplyCapabilities(model, maxMv, maxMa, 10, iPow == -3 ? 1 : 10, true));
  }
}
