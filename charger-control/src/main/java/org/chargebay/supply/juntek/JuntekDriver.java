package org.chargebay.supply.juntek;

import java.util.OptionalInt;
import java.util.OptionalLong;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.jspecify.annotations.Nullable;

/**
 * A JUNTEK DPH8920 (0-96 V / 0-20 A buck-boost) or DPM86xx over the ASCII simple protocol. Scaling:
 * V x100, I x1000 on functions 10/11/20/30/31 (Joy-IT doc; romanetsky/ev-olution-server
 * controlJuntekDPH8920.cpp). The model is told apart by its maxima (functions 00/01): the DPH8920
 * reports 9600 / 20000.
 *
 * <p>Safety: "ok" only means the frame parsed, so every write is read back, and V/I are read back
 * before the output is switched on; no write is repeated, except "off" while the read-back still
 * shows "on" or cannot be read (at most {@value #OUTPUT_OFF_ATTEMPTS}); values are checked here
 * because the unit does no range check of its own (bad operands can leave it answering garbage
 * until a power cycle). The protocol has no OVP/OCP command, so {@link #capabilities()} says there
 * is no hardware backstop and {@link #setProtection} refuses.
 */
public final class JuntekDriver implements SupplyDriver {
  static final int OUTPUT_OFF_ATTEMPTS = 3;
  private static final String NO_BACKSTOP =
      "JUNTEK simple protocol has no OVP/OCP command: the controller and the BMS are the only limits";

  private final AsciiLink link;
  private final int address;
  private final String model;
  private final SupplyCapabilities caps;

  private JuntekDriver(AsciiLink link, int address, String model, int maxMv, int maxMa) {
    this.link = link;
    this.address = address;
    this.model = model;
    this.caps = new SupplyCapabilities(model, maxMv, maxMa, 10, 1, false, NO_BACKSTOP);
  }

  /**
   * Identifies the unit from its maxima.
   *
   * @param modelOverride "DPH8920" to insist on it, or null/"auto"
   */
  public static JuntekDriver detect(AsciiLink link, int address, @Nullable String modelOverride)
      throws SupplyException {
    if (address < 1 || address > 99) {
      throw new SupplyException.Fatal("JUNTEK address must be 1..99, was " + address);
    }
    long maxCentivolts = read(link, address, JuntekFrames.MAX_VOLTS);
    long maxMilliamps = read(link, address, JuntekFrames.MAX_AMPS);
    String model = maxCentivolts == 9600 && maxMilliamps == 20000 ? "DPH8920" : "DPM86xx";
    boolean auto =
        modelOverride == null || modelOverride.isBlank() || "auto".equalsIgnoreCase(modelOverride);
    if (!auto && !modelOverride.equalsIgnoreCase(model)) {
      throw new SupplyException.Fatal(
          "configured model "
              + modelOverride
              + " but the unit reports maxima "
              + maxCentivolts / 100.0
              + " V / "
              + maxMilliamps / 1000.0
              + " A ("
              + model
              + ")");
    }
    if (maxCentivolts < 100
        || maxCentivolts > 20_000
        || maxMilliamps < 100
        || maxMilliamps > 100_000) {
      throw new SupplyException.Fatal(
          "implausible JUNTEK maxima "
              + maxCentivolts
              + " / "
              + maxMilliamps
              + ": refusing to drive it");
    }
    return new JuntekDriver(link, address, model, (int) maxCentivolts * 10, (int) maxMilliamps);
  }

  private static long read(AsciiLink link, int address, int function) throws SupplyException {
    String frame = JuntekFrames.read(address, function);
    String reply = link.exchange(frame);
    OptionalLong v = JuntekFrames.readValue(reply, address, function);
    if (v.isEmpty()) {
      throw new SupplyException.Retriable(
          "unexpected reply to " + frame + ": '" + reply + "'", null);
    }
    return v.getAsLong();
  }

  private long read(int function) throws SupplyException {
    return read(link, address, function);
  }

  private void write(int function, long... operands) throws SupplyException {
    String frame = JuntekFrames.write(address, function, operands);
    String reply = link.exchange(frame);
    if (!JuntekFrames.isOk(reply, address)) {
      throw new SupplyException.Fatal("unit refused " + frame + ": '" + reply + "'");
    }
  }

  @Override
  public SupplyReading read() throws SupplyException {
    long setCv = read(JuntekFrames.SET_VOLTS);
    long setMa = read(JuntekFrames.SET_AMPS);
    long outCv = read(JuntekFrames.OUT_VOLTS);
    long outMa = read(JuntekFrames.OUT_AMPS);
    long on = read(JuntekFrames.OUTPUT);
    long cc = read(JuntekFrames.CC);
    long temp = read(JuntekFrames.TEMPERATURE);
    return new SupplyReading(
        model,
        (int) setCv * 10,
        (int) setMa,
        (int) outCv * 10,
        (int) outMa,
        outCv * 10 * outMa / 1000,
        0,
        on == 1,
        cc == 1,
        0,
        "none",
        OptionalInt.of((int) temp * 10));
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
    long cv = Math.round(setpoint.millivolts() / 10.0);
    long ma = setpoint.milliamps();
    long out = setpoint.outputOn() ? 1 : 0;
    // Off first when off is asked for; V and I are read back before the output is switched on,
    // so a unit with no OVP of its own is never enabled on set values it does not confirm. Each
    // write is sent once; after one that got no answer nothing more is written and the
    // read-back decides.
    SupplyException unconfirmed = null;
    try {
      if (!setpoint.outputOn()) {
        write(JuntekFrames.OUTPUT, 0);
      }
      write(JuntekFrames.SET_BOTH, cv, ma);
    } catch (SupplyException.Retriable e) {
      unconfirmed = e; // decided by the read-back below
    }
    long backCv = read(JuntekFrames.SET_VOLTS);
    long backMa = read(JuntekFrames.SET_AMPS);
    boolean setAgrees = backCv == cv && backMa == ma;
    if (setAgrees && unconfirmed == null && setpoint.outputOn()) {
      try {
        write(JuntekFrames.OUTPUT, 1);
      } catch (SupplyException.Retriable e) {
        unconfirmed = e;
      }
    }
    long backOn = read(JuntekFrames.OUTPUT);
    if (!setAgrees || backOn != out) {
      String detail =
          "wrote V="
              + cv
              + " I="
              + ma
              + " out="
              + out
              + ", read V="
              + backCv
              + " I="
              + backMa
              + " out="
              + backOn
              + (setAgrees
                  ? ""
                  : "; output not switched on over set values the unit does not confirm");
      if (unconfirmed != null) {
        throw new SupplyException.Retriable(
            unconfirmed.getMessage() + "; not applied, not retried: " + detail, null);
      }
      throw new SupplyException.Fatal("read-back disagrees with what was written: " + detail);
    }
  }

  @Override
  public void outputOff() throws SupplyException {
    SupplyException last = null;
    for (int i = 0; i < OUTPUT_OFF_ATTEMPTS; i++) {
      try {
        write(JuntekFrames.OUTPUT, 0);
      } catch (SupplyException e) {
        last = e;
      }
      try {
        if (read(JuntekFrames.OUTPUT) == 0) {
          return;
        }
        last =
            new SupplyException.Fatal(
                "the "
                    + model
                    + " still reports its output on after "
                    + (i + 1)
                    + " \"off\" writes: disconnect it by other means");
      } catch (SupplyException e) {
        last = e;
      }
    }
    throw last;
  }

  @Override
  public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
    throw new SupplyException.Fatal(model + " has no settable OVP/OCP: " + NO_BACKSTOP);
  }

  @Override
  public SupplyCapabilities capabilities() {
    return caps;
  }

  @Override
  public void close() {
    link.close();
  }
}
