package org.chargebay.supply.ea;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.chargebay.supply.ModbusBus;
import org.chargebay.supply.ProtectionSettings;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.jspecify.annotations.Nullable;

/**
 * Elektro-Automatik PS/PSI 9000 and 10000 over Modbus TCP (EA "Programming Guide ModBus & SCPI" rev
 * 24, PGMBEN; PS/PSI register lists KE 3.02+; PRO-DEVICES.md §1). The register map is {@link
 * EaRegisters}; what differs from the generic driver is the protocol around it:
 *
 * <ul>
 *   <li>Scaling is percent of nominal: {@code raw = round(52428 x value / nominal)}, with the
 *       nominal U/I/P read once from the float32 registers 121/123/125 (Guide §4.4, §4.8.7.3).
 *   <li>Set values are accepted only in remote: coil 402 is written and confirmed by 505 bit 11
 *       first; a refusal (front panel "Local", another interface in control) is reported with the
 *       reason, not retried (Guide §4.10).
 *   <li>U and I (FC06, one at a time: FC16 cannot cross a register block, Guide §4.8.2) are read
 *       back before DC is switched on, so DC is never enabled over set values the device does not
 *       confirm; no write is repeated, after one without an answer the read-back decides.
 *   <li>Output is coil 405; alarms stay latched in 505 until coil 411 is written, which is done
 *       only at session start, when the backstop is written (Guide §4.11.2); re-writing the
 *       backstop after a reconnect ({@link #restoreProtection}) leaves them latched.
 *   <li>Modbus TCP unit id is always 0 (Guide §4.9): unit 0 is not a broadcast there.
 *   <li>The device closes an idle socket after 5 s (register 10573): a connection quiet for 80 % of
 *       that is dropped and reopened before the next request.
 * </ul>
 */
public final class EaSupplyDriver implements SupplyDriver {
  static final int UNIT = 0;
  private static final Duration GAP =
      Duration.ofMillis(10); // Guide §3.3.3: >= 5 ms, 10 ms recommended
  private static final int READ_RETRIES = 1;

  /**
   * Exception codes of a refused remote request: 0x17 front panel "Local", 0x07 another interface
   * holds it (Guide §4.10).
   */
  private static final int REMOTE_REFUSED_LOCAL = 0x17;

  private static final int ACCESS_DENIED = 0x07;

  private final ModbusBus bus;
  private final Duration idleReconnect;
  private final String model;
  private final long nominalMv;
  private final long nominalMa;
  private final long nominalMw;
  private final SupplyCapabilities caps;
  private boolean remoteConfirmed;
  private @Nullable ProtectionSettings verified;

  private EaSupplyDriver(
      ModbusBus bus, Duration idleReconnect, String model, long mv, long ma, long mw) {
    this.bus = bus;
    this.idleReconnect = idleReconnect;
    this.model = model;
    this.nominalMv = mv;
    this.nominalMa = ma;
    this.nominalMw = mw;
    // the programming grid is 0..52428, the effective resolution 26214 steps (Guide §3.8)
    this.caps =
        new SupplyCapabilities(
            model,
            (int) mv,
            (int) ma,
            (int) Math.max(1, (mv + 26213) / 26214),
            (int) Math.max(1, (ma + 26213) / 26214),
            true);
  }

  /**
   * Reads the device type and nominal values.
   *
   * @param socketTimeout the device's TCP socket timeout (register 10573, 5 s by default)
   */
  public static EaSupplyDriver connect(ModbusBus bus, Duration socketTimeout)
      throws SupplyException {
    int[] type =
        bus.readHolding(UNIT, EaRegisters.DEVICE_TYPE, 20, GAP, READ_RETRIES, "device type");
    byte[] text = new byte[40];
    for (int i = 0; i < 20; i++) {
      text[2 * i] = (byte) (type[i] >>> 8);
      text[2 * i + 1] = (byte) type[i];
    }
    String model = new String(text, StandardCharsets.US_ASCII).replace("\0", "").trim();
    if (!model.startsWith("PS") && !model.startsWith("PSI") && !model.startsWith("PSB")) {
      throw new SupplyException.Fatal(
          "not an EA PS/PSI/PSB power supply: device type '" + model + "'");
    }
    int[] nominal =
        bus.readHolding(UNIT, EaRegisters.NOMINAL_VOLTAGE, 6, GAP, READ_RETRIES, "nominal values");
    long mv = Math.round(EaRegisters.float32(nominal[0], nominal[1]) * 1000);
    long ma = Math.round(EaRegisters.float32(nominal[2], nominal[3]) * 1000);
    long mw = Math.round(EaRegisters.float32(nominal[4], nominal[5]) * 1000);
    if (mv <= 0 || ma <= 0 || mw <= 0 || mv > 2_000_000 || ma > 2_000_000) {
      throw new SupplyException.Fatal(
          "implausible EA nominal values " + mv + " mV / " + ma + " mA / " + mw + " mW");
    }
    return new EaSupplyDriver(bus, socketTimeout.multipliedBy(4).dividedBy(5), model, mv, ma, mw);
  }

  /** Percent-of-nominal raw value for a milli-unit value. */
  static int toRaw(long milli, long nominalMilli) {
    return (int) Math.round(EaRegisters.PERCENT_100 * (double) milli / nominalMilli);
  }

  static long fromRaw(int raw, long nominalMilli) {
    return Math.round(nominalMilli * (double) raw / EaRegisters.PERCENT_100);
  }

  private int[] read(int address, int count, String what) throws SupplyException {
    bus.reconnectIfIdle(idleReconnect);
    return bus.readHolding(UNIT, address, count, GAP, READ_RETRIES, what);
  }

  private int state() throws SupplyException {
    int[] s = read(EaRegisters.DEVICE_STATE, 2, "device state");
    return (s[0] << 16) | s[1];
  }

  private void ensureRemote() throws SupplyException {
    if (remoteConfirmed && (state() & EaRegisters.STATE_REMOTE) != 0) {
      return;
    }
    try {
      bus.reconnectIfIdle(idleReconnect);
      bus.writeCoil(UNIT, EaRegisters.COIL_REMOTE, true, true, GAP, "remote mode");
    } catch (SupplyException.Refused e) {
      if (e.exceptionCode() != REMOTE_REFUSED_LOCAL && e.exceptionCode() != ACCESS_DENIED) {
        throw e; // not a refusal of remote (e.g. 4, device failure): report it as it is
      }
      throw new SupplyException.Fatal(
          model
              + " refused remote control (Modbus exception "
              + e.exceptionCode()
              + "): its front panel is in \"Local\", \"Allow remote control\" is off, another interface holds"
              + " remote, or the setup menu is open",
          e);
    } catch (ModbusBus.WriteUnconfirmed e) {
      // decided by the state read below
    }
    if ((state() & EaRegisters.STATE_REMOTE) == 0) {
      throw new SupplyException.Fatal(
          model + " did not enter remote mode (505 bit 11 still clear)");
    }
    remoteConfirmed = true;
  }

  @Override
  public SupplyReading read() throws SupplyException {
    int[] set = read(EaRegisters.SET_VOLTAGE, 3, "set values");
    int st = state();
    int[] actual = read(EaRegisters.ACTUAL_VOLTAGE, 3, "actual values");
    int code =
        (st & EaRegisters.STATE_OVP) != 0
            ? 1
            : (st & EaRegisters.STATE_OCP) != 0
                ? 2
                : (st & EaRegisters.STATE_OPP) != 0
                    ? 3
                    : (st & EaRegisters.STATE_OT) != 0
                        ? 4
                        : (st & EaRegisters.STATE_ANY_ALARM) != 0 ? 5 : 0;
    return new SupplyReading(
        model,
        (int) fromRaw(set[0], nominalMv),
        (int) fromRaw(set[1], nominalMa),
        (int) fromRaw(actual[0], nominalMv),
        (int) fromRaw(actual[1], nominalMa),
        fromRaw(actual[2], nominalMw),
        0,
        (st & EaRegisters.STATE_DC_ON) != 0,
        ((st >>> 9) & 0b11) == 0b10,
        code,
        EaRegisters.PROTECTION_NAMES.get(code),
        OptionalInt.empty());
  }

  @Override
  public void apply(SupplySetpoint setpoint) throws SupplyException {
    if (setpoint.millivolts() > caps.maxMillivolts()
        || setpoint.milliamps() > caps.maxMilliamps()) {
      throw new SupplyException.Fatal(
          "setpoint "
              + setpoint.millivolts()
              + " mV / "
              + setpoint.milliamps()
              + " mA exceeds what a "
              + model
              + " can do ("
              + caps.maxMillivolts()
              + " mV / "
              + caps.maxMilliamps()
              + " mA)");
    }
    if (setpoint.outputOn()) {
      ProtectionSettings p = verified != null ? verified : readProtection().orElseThrow();
      if (setpoint.millivolts() > p.ovpMillivolts() || setpoint.milliamps() > p.ocpMilliamps()) {
        throw new SupplyException.Fatal(
            "refusing to switch the "
                + model
                + " on at "
                + setpoint.millivolts()
                + " mV / "
                + setpoint.milliamps()
                + " mA: above its OVP/OCP of "
                + p.ovpMillivolts()
                + " mV / "
                + p.ocpMilliamps()
                + " mA (write the backstop for this pack first)");
      }
    }
    ensureRemote();
    int v = toRaw(setpoint.millivolts(), nominalMv);
    int a = toRaw(setpoint.milliamps(), nominalMa);
    // Off first when off is asked for; U and I are read back before DC is switched on, so the
    // output is never enabled on set values the device does not confirm. Each write is sent
    // once; after one that got no answer nothing more is written and the read-back decides.
    String unconfirmed = null;
    try {
      if (!setpoint.outputOn()) {
        bus.writeCoil(UNIT, EaRegisters.COIL_DC_OUTPUT, false, false, GAP, "DC output");
      }
      bus.writeRegister(UNIT, EaRegisters.SET_VOLTAGE, v, false, false, GAP, "set voltage");
      bus.writeRegister(UNIT, EaRegisters.SET_CURRENT, a, false, false, GAP, "set current");
    } catch (ModbusBus.WriteUnconfirmed e) {
      unconfirmed = e.getMessage();
    }
    int[] back = read(EaRegisters.SET_VOLTAGE, 2, "read-back");
    boolean setAgrees = back[0] == v && back[1] == a;
    if (setAgrees && unconfirmed == null && setpoint.outputOn()) {
      try {
        bus.writeCoil(UNIT, EaRegisters.COIL_DC_OUTPUT, true, false, GAP, "DC output");
      } catch (ModbusBus.WriteUnconfirmed e) {
        unconfirmed = e.getMessage();
      }
    }
    boolean on = (state() & EaRegisters.STATE_DC_ON) != 0;
    if (!setAgrees || on != setpoint.outputOn()) {
      String detail =
          "wrote U="
              + v
              + " I="
              + a
              + " DC="
              + setpoint.outputOn()
              + ", read U="
              + back[0]
              + " I="
              + back[1]
              + " DC="
              + on
              + " (raw, 52428 = 100 %)"
              + (setAgrees
                  ? ""
                  : "; DC not switched on over set values the device does not confirm");
      if (unconfirmed != null) {
        throw new SupplyException.Retriable(
            unconfirmed + "; read-back shows it did not land, not retried: " + detail, null);
      }
      throw new SupplyException.Fatal("read-back disagrees with what was written: " + detail);
    }
  }

  @Override
  public void outputOff() throws SupplyException {
    SupplyException last = null;
    for (int i = 0; i < 3; i++) {
      try {
        bus.reconnectIfIdle(idleReconnect);
        bus.writeCoil(UNIT, EaRegisters.COIL_DC_OUTPUT, false, true, GAP, "DC output off");
      } catch (SupplyException.Refused e) {
        last = e; // not in remote (e.g. after a restart): take remote, then try again
        remoteConfirmed = false;
        try {
          ensureRemote();
        } catch (SupplyException r) {
          last = r;
        }
      } catch (ModbusBus.WriteUnconfirmed e) {
        last = new SupplyException.Retriable(e.getMessage(), e);
      } catch (SupplyException e) {
        last = e;
      }
      try {
        if ((state() & EaRegisters.STATE_DC_ON) == 0) {
          return;
        }
        last =
            new SupplyException.Fatal(
                "the " + model + " still reports DC on after " + (i + 1) + " \"off\" writes");
      } catch (SupplyException e) {
        last = e;
      }
    }
    throw last;
  }

  @Override
  public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
    writeProtection(ovpMillivolts, ocpMilliamps, true);
  }

  /** As {@link #setProtection}, but alarms latched in 505 stay latched (no coil 411). */
  @Override
  public void restoreProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
    writeProtection(ovpMillivolts, ocpMilliamps, false);
  }

  private void writeProtection(int ovpMillivolts, int ocpMilliamps, boolean acknowledgeAlarms)
      throws SupplyException {
    verified = null;
    ensureRemote();
    int ovp = toRaw(ovpMillivolts, nominalMv);
    int ocp = toRaw(ocpMilliamps, nominalMa);
    if (ovp > EaRegisters.PERCENT_110 || ocp > EaRegisters.PERCENT_110) {
      throw new SupplyException.Fatal("OVP/OCP above 110 % of the " + model + "'s nominal values");
    }
    String unconfirmed = null;
    try {
      if (acknowledgeAlarms) {
        bus.writeCoil(UNIT, EaRegisters.COIL_ACK_ALARMS, true, false, GAP, "acknowledge alarms");
      }
      bus.writeRegister(UNIT, EaRegisters.OVP, ovp, false, false, GAP, "OVP");
      bus.writeRegister(UNIT, EaRegisters.OCP, ocp, false, false, GAP, "OCP");
    } catch (ModbusBus.WriteUnconfirmed e) {
      unconfirmed = e.getMessage();
    }
    int backOvp = read(EaRegisters.OVP, 1, "OVP")[0];
    int backOcp = read(EaRegisters.OCP, 1, "OCP")[0];
    if (backOvp != ovp || backOcp != ocp) {
      String detail =
          "wrote OVP=" + ovp + " OCP=" + ocp + ", read OVP=" + backOvp + " OCP=" + backOcp;
      if (unconfirmed != null) {
        throw new SupplyException.Retriable(
            unconfirmed + "; protection read-back: " + detail, null);
      }
      throw new SupplyException.Fatal("protection read-back disagrees: " + detail);
    }
    verified = new ProtectionSettings((int) fromRaw(ovp, nominalMv), (int) fromRaw(ocp, nominalMa));
  }

  @Override
  public Optional<ProtectionSettings> readProtection() throws SupplyException {
    int ovp = read(EaRegisters.OVP, 1, "OVP")[0];
    int ocp = read(EaRegisters.OCP, 1, "OCP")[0];
    return Optional.of(
        new ProtectionSettings((int) fromRaw(ovp, nominalMv), (int) fromRaw(ocp, nominalMa)));
  }

  @Override
  public SupplyCapabilities capabilities() {
    return caps;
  }

  /**
   * Leaves remote mode as it is: what the DC output does on leaving remote is the device's setting
   * (425).
   */
  @Override
  public void close() {
    bus.close();
  }
}
