package org.chargebay.supply;

import com.digitalpetri.modbus.client.ModbusClient;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The one generic Modbus supply driver: every model is a {@link RegisterMap}. Synchronous; every
 * request goes through the port's {@link ModbusBus} (one in flight, paced, bounded read retries,
 * backoff).
 *
 * <p>Writes are never retried blindly. Every write is followed by a read-back; if a write got no
 * answer, the read-back decides whether it landed. Only {@link #outputOff()} writes again, and only
 * after a read-back showed the output still on.
 *
 * <p>Hardware backstop: {@link #setProtection(int, int)} writes OVP/OCP and verifies them by
 * read-back (the bay runtime does so at session start); the output is never switched on at a
 * setpoint above the OVP/OCP the unit holds.
 */
public final class ModbusSupplyDriver implements SupplyDriver {
  /** How many times {@link #outputOff()} writes "off" when read-backs keep showing "on". */
  static final int OUTPUT_OFF_ATTEMPTS = 3;

  private final ModbusBus bus;
  private final int unitId;
  private final RegisterMap map;
  private @Nullable ProtectionSettings verifiedProtection;

  /** A driver for a known model over one client (no pacing of its own beyond the model's). */
  public ModbusSupplyDriver(ModbusClient client, int unitId, RegisterMap map) {
    this(ModbusBus.of(client), unitId, map);
  }

  public ModbusSupplyDriver(ModbusBus bus, int unitId, RegisterMap map) {
    this.bus = bus;
    this.unitId = unitId;
    this.map = map;
  }

  /**
   * Connects and identifies the model from its id register.
   *
   * @param modelOverride a model name that must match what the unit reports, or null/"auto"
   */
  public static ModbusSupplyDriver detect(
      ModbusClient client, int unitId, @Nullable String modelOverride) throws SupplyException {
    return detect(ModbusBus.of(client), unitId, modelOverride);
  }

  /** As {@link #detect(ModbusClient, int, String)}, on a shared bus. */
  public static ModbusSupplyDriver detect(ModbusBus bus, int unitId, @Nullable String modelOverride)
      throws SupplyException {
    return new ModbusSupplyDriver(bus, unitId, SupplyModels.identify(bus, unitId, modelOverride));
  }

  public RegisterMap registerMap() {
    return map;
  }

  @Override
  public SupplyCapabilities capabilities() {
    return map.capabilities();
  }

  private Duration gap() {
    return map.timing().minGap();
  }

  private int[] block(String what) throws SupplyException {
    return bus.readHolding(
        unitId,
        map.readBlockStart(),
        map.readBlockLength(),
        gap(),
        map.timing().readRetries(),
        what);
  }

  private int raw(int[] block, Register r) {
    return (int) r.rawFrom(block, map.readBlockStart());
  }

  /** The current registers' scale now (RD6012P: from its range register). */
  private int currentScale(int[] block) throws SupplyException {
    RegisterMap.CurrentRange range = map.currentRange();
    if (range == null) {
      return map.setCurrent().scalePow10();
    }
    return currentScaleFor(raw(block, range.selector()));
  }

  private int currentScaleFor(int rangeValue) throws SupplyException {
    RegisterMap.CurrentRange range = map.currentRange();
    if (range == null) {
      return map.setCurrent().scalePow10();
    }
    if (!range.knows(rangeValue)) {
      throw new SupplyException.Fatal(
          map.model()
              + " reports current range "
              + rangeValue
              + " in register "
              + range.selector().address()
              + ": unknown range, refusing to guess the current scale");
    }
    return range.scalePow10ByValue().get(rangeValue);
  }

  private int maxMilliamps(int[] block) throws SupplyException {
    RegisterMap.CurrentRange range = map.currentRange();
    if (range == null) {
      return map.capabilities().maxMilliamps();
    }
    int value = raw(block, range.selector());
    currentScaleFor(value);
    return range.maxMilliampsByValue().get(value);
  }

  /**
   * Polls between re-reads of the model id where the id register lies outside the poll block
   * (Riden: id at 0, block 4-20). One extra one-register read every this many polls keeps a swapped
   * unit on the same port and address from being driven with the old model's scales for longer than
   * that, at a cost well inside Riden's request budget.
   */
  static final int ID_RECHECK_POLLS = 10;

  private int pollsSinceIdCheck;

  private void checkModel(int[] block) throws SupplyException {
    int id;
    if (map.modelIdInBlock()) {
      id = raw(block, map.modelId());
    } else if (++pollsSinceIdCheck >= ID_RECHECK_POLLS) {
      pollsSinceIdCheck = 0;
      id =
          bus.readHolding(
                  unitId,
                  map.modelId().address(),
                  1,
                  gap(),
                  map.timing().readRetries(),
                  "model id")[0];
    } else {
      return;
    }
    if (!map.matches(id)) {
      throw new SupplyException.Fatal(
          "the unit now reports model id "
              + id
              + ", not "
              + map.model()
              + ": another device on this address?");
    }
  }

  @Override
  public SupplyReading read() throws SupplyException {
    int[] block = block("poll block");
    checkModel(block);
    return decode(block);
  }

  private SupplyReading decode(int[] block) throws SupplyException {
    int iPow = currentScale(block);
    Register temp = map.temperature();
    Register vin = map.inputVoltage();
    int code = raw(block, map.protection());
    return new SupplyReading(
        map.model(),
        (int) map.setVoltage().toMilli(raw(block, map.setVoltage())),
        (int) map.setCurrent().withScale(iPow).toMilli(raw(block, map.setCurrent())),
        (int) map.outVoltage().toMilli(raw(block, map.outVoltage())),
        (int) map.outCurrent().withScale(iPow).toMilli(raw(block, map.outCurrent())),
        map.outPower().toMilli(map.outPower().rawFrom(block, map.readBlockStart())),
        vin == null ? 0 : (int) vin.toMilli(raw(block, vin)),
        raw(block, map.output()) == 1,
        raw(block, map.constantCurrent()) == 1,
        code,
        map.protectionName(code),
        temp == null
            ? OptionalInt.empty()
            : OptionalInt.of(
                (int) (temp.toMilli(temp.rawFrom(block, map.readBlockStart())) / 100)));
  }

  @Override
  public void apply(SupplySetpoint setpoint) throws SupplyException {
    SupplyCapabilities caps = map.capabilities();
    if (setpoint.millivolts() > caps.maxMillivolts()
        || setpoint.milliamps() > caps.maxMilliamps()) {
      throw new SupplyException.Fatal(
          "setpoint "
              + setpoint.millivolts()
              + " mV / "
              + setpoint.milliamps()
              + " mA exceeds what a "
              + map.model()
              + " can do ("
              + caps.maxMillivolts()
              + " mV / "
              + caps.maxMilliamps()
              + " mA)");
    }
    int[] before = block("poll block before writing");
    checkModel(before);
    int iPow = currentScale(before);
    if (setpoint.milliamps() > maxMilliamps(before)) {
      throw new SupplyException.Fatal(
          "setpoint "
              + setpoint.milliamps()
              + " mA exceeds the "
              + map.model()
              + "'s selected current range ("
              + maxMilliamps(before)
              + " mA)");
    }
    if (setpoint.outputOn() && caps.hasHardwareProtection()) {
      // the backstop written at session start, or (after a reconnect or a restart mid-session)
      // what the unit holds now: the output is never enabled above it
      ProtectionSettings p =
          verifiedProtection != null ? verifiedProtection : readProtection().orElseThrow();
      if (setpoint.millivolts() > p.ovpMillivolts() || setpoint.milliamps() > p.ocpMilliamps()) {
        throw new SupplyException.Fatal(
            "refusing to switch the "
                + map.model()
                + " on at "
                + setpoint.millivolts()
                + " mV / "
                + setpoint.milliamps()
                + " mA: above its OVP/OCP of "
                + p.ovpMillivolts()
                + " mV / "
                + p.ocpMilliamps()
                + " mA (write the backstop for this pack first; XY units trip at once)");
      }
    }
    int v = (int) map.setVoltage().fromMilli(setpoint.millivolts());
    int a = (int) map.setCurrent().withScale(iPow).fromMilli(setpoint.milliamps());
    int out = setpoint.outputOn() ? 1 : 0;
    checkRaw(v, "voltage");
    checkRaw(a, "current");
    String unconfirmed = null;
    try {
      if (map.setCurrent().address() == map.setVoltage().address() + 1) {
        bus.writeRegisters(
            unitId,
            map.setVoltage().address(),
            new int[] {v, a},
            false,
            gap(),
            "voltage and current setpoint");
      } else {
        writeOne(map.setVoltage().address(), v, false, "voltage setpoint");
        writeOne(map.setCurrent().address(), a, false, "current setpoint");
      }
      writeOne(map.output().address(), out, false, "output enable");
    } catch (ModbusBus.WriteUnconfirmed e) {
      unconfirmed = e.getMessage();
    }
    int[] back = block("read-back");
    int backV = raw(back, map.setVoltage());
    int backA = raw(back, map.setCurrent());
    int backOut = raw(back, map.output());
    RegisterMap.CurrentRange range = map.currentRange();
    if (range != null && raw(back, range.selector()) != raw(before, range.selector())) {
      throw new SupplyException.Fatal(
          map.model()
              + " changed its current range while the setpoint was written (register "
              + range.selector().address()
              + ": "
              + raw(before, range.selector())
              + " -> "
              + raw(back, range.selector())
              + "): the written current has the wrong scale");
    }
    if (backV != v || backA != a || backOut != out) {
      String detail =
          "wrote V="
              + v
              + " I="
              + a
              + " out="
              + out
              + ", read V="
              + backV
              + " I="
              + backA
              + " out="
              + backOut
              + " (raw register values)";
      if (unconfirmed != null) {
        throw new SupplyException.Retriable(
            unconfirmed + "; read-back shows it did not land, not retried: " + detail, null);
      }
      throw new SupplyException.Fatal("read-back disagrees with what was written: " + detail);
    }
  }

  private static void checkRaw(int raw, String what) throws SupplyException {
    if (raw < 0 || raw > 0xFFFF) {
      throw new SupplyException.Fatal(what + " setpoint does not fit the register: raw " + raw);
    }
  }

  private void writeOne(int address, int value, boolean urgent, String what)
      throws SupplyException, ModbusBus.WriteUnconfirmed {
    bus.writeRegister(
        unitId,
        address,
        value,
        map.writeFunction() == RegisterMap.WriteFunction.FC16_ALWAYS,
        urgent,
        gap(),
        what);
  }

  /**
   * Writes "off", reads back, and writes again only while the read-back shows "on" (at most {@value
   * #OUTPUT_OFF_ATTEMPTS} writes). Sent even while the bus backs off from a silent unit.
   */
  @Override
  public void outputOff() throws SupplyException {
    SupplyException last = null;
    for (int attempt = 0; attempt < OUTPUT_OFF_ATTEMPTS; attempt++) {
      try {
        writeOne(map.output().address(), 0, true, "output off");
      } catch (ModbusBus.WriteUnconfirmed e) {
        last = new SupplyException.Retriable(e.getMessage(), e);
      } catch (SupplyException e) {
        last = e;
      }
      int state;
      try {
        state =
            bus.readHolding(
                    unitId,
                    map.output().address(),
                    1,
                    gap(),
                    map.timing().readRetries(),
                    "output state after off")[0];
      } catch (SupplyException e) {
        last = e;
        continue; // unknown: writing "off" again is safe, it is what we want
      }
      if (state == 0) {
        return;
      }
      last =
          new SupplyException.Fatal(
              "the "
                  + map.model()
                  + " still reports its output on after "
                  + (attempt + 1)
                  + " \"off\" writes: disconnect it by other means");
    }
    throw last;
  }

  @Override
  public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
    Register ovpReg = map.ovp();
    Register ocpReg = map.ocp();
    if (ovpReg == null || ocpReg == null) {
      throw new SupplyException.Fatal(
          map.model() + " has no settable OVP/OCP: " + map.capabilities().notes());
    }
    verifiedProtection = null;
    int iPow = currentScaleFor(currentRangeNow());
    Register ocpScaled = ocpReg.withScale(iPow);
    int ovp = (int) ovpReg.fromMilli(ovpMillivolts);
    int ocp = (int) ocpScaled.fromMilli(ocpMilliamps);
    checkRaw(ovp, "OVP");
    checkRaw(ocp, "OCP");
    String unconfirmed = null;
    try {
      if (ocpReg.address() == ovpReg.address() + 1) {
        bus.writeRegisters(unitId, ovpReg.address(), new int[] {ovp, ocp}, false, gap(), "OVP/OCP");
      } else {
        writeOne(ovpReg.address(), ovp, false, "OVP");
        writeOne(ocpReg.address(), ocp, false, "OCP");
      }
    } catch (ModbusBus.WriteUnconfirmed e) {
      unconfirmed = e.getMessage();
    }
    int[] back = readProtectionRaw();
    if (back[0] != ovp || back[1] != ocp) {
      String detail =
          "wrote OVP=" + ovp + " OCP=" + ocp + ", read OVP=" + back[0] + " OCP=" + back[1];
      if (unconfirmed != null) {
        throw new SupplyException.Retriable(
            unconfirmed + "; protection read-back: " + detail, null);
      }
      throw new SupplyException.Fatal("protection read-back disagrees: " + detail);
    }
    verifiedProtection =
        new ProtectionSettings((int) ovpReg.toMilli(ovp), (int) ocpScaled.toMilli(ocp));
  }

  private int currentRangeNow() throws SupplyException {
    RegisterMap.CurrentRange range = map.currentRange();
    if (range == null) {
      return 0;
    }
    return bus.readHolding(
            unitId,
            range.selector().address(),
            1,
            gap(),
            map.timing().readRetries(),
            "current range")[0];
  }

  private int[] readProtectionRaw() throws SupplyException {
    Register ovpReg = map.ovp();
    Register ocpReg = map.ocp();
    if (ovpReg == null || ocpReg == null) {
      throw new IllegalStateException("no protection registers");
    }
    if (ocpReg.address() == ovpReg.address() + 1) {
      return bus.readHolding(
          unitId, ovpReg.address(), 2, gap(), map.timing().readRetries(), "OVP/OCP");
    }
    int ovp =
        bus.readHolding(unitId, ovpReg.address(), 1, gap(), map.timing().readRetries(), "OVP")[0];
    int ocp =
        bus.readHolding(unitId, ocpReg.address(), 1, gap(), map.timing().readRetries(), "OCP")[0];
    return new int[] {ovp, ocp};
  }

  /** The OVP/OCP thresholds the unit holds now; empty for a model without them. */
  @Override
  public Optional<ProtectionSettings> readProtection() throws SupplyException {
    Register ovpReg = map.ovp();
    Register ocpReg = map.ocp();
    if (ovpReg == null || ocpReg == null) {
      return Optional.empty();
    }
    int iPow = currentScaleFor(currentRangeNow());
    int[] raw = readProtectionRaw();
    return Optional.of(
        new ProtectionSettings(
            (int) ovpReg.toMilli(raw[0]), (int) ocpReg.withScale(iPow).toMilli(raw[1])));
  }

  @Override
  public void close() {
    bus.close();
  }
}
