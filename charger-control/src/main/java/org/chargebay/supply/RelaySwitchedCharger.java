package org.chargebay.supply;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * A fixed-voltage charger switched by one channel of a Waveshare Modbus relay board (8-ch RTU
 * Relay, POE ETH Relay in Modbus TCP mode). It can only be switched, so the BMS is the controller's
 * only eye on it. Protocol (Waveshare wiki "Modbus RTU Relay"; Open-Locker waveshare-flash.ts and
 * ADR-0004; alwaysmohawk/waveshare-modbus-relay):
 *
 * <ul>
 *   <li>FC05 coil {@code n} = 0xFF00 on / 0x0000 off; coil 0x00FF = all channels.
 *   <li>FC05 coil {@code 0x0200 + n} = t: "flash on", on now and off again after t x 100 ms.
 *   <li>FC01 coils 0..7: the relay states.
 * </ul>
 *
 * <p>Safety: the charger is only ever switched on with a flash-on pulse, re-armed by every {@link
 * #read()} while it is meant to be on, so that a crashed or hung controller cannot leave it on for
 * longer than the pulse. On every (re)connect all channels are switched off first (Open-Locker does
 * the same: the relay state after a power loss is unknown). Whether a flash command re-arms a
 * running flash is not documented [?]; this driver relies on it and the emulator behaves so; verify
 * on the board.
 */
public final class RelaySwitchedCharger implements SupplyDriver {
  /** Relay channel coil n; all-channels coil; flash-on base (Waveshare V3 protocol). */
  static final int ALL_CHANNELS = 0x00FF;

  static final int FLASH_ON_BASE = 0x0200;
  static final String MODEL = "WAVESHARE-RELAY";
  private static final Duration GAP = Duration.ofMillis(20);

  private final ModbusBus bus;
  private final int unitId;
  private final int channel;
  private final int chargerMillivolts;
  private final int chargerMilliamps;
  private final int pulseTenths;
  private final SupplyCapabilities caps;
  private boolean meantOn;

  /**
   * @param channel relay channel 0..7 wired (NO contact) to the charger's mains or DC enable
   * @param chargerMillivolts the charger's fixed output voltage (nameplate)
   * @param chargerMilliamps the charger's output current (nameplate)
   * @param pulse how long the relay stays on without a re-arm (100 ms steps, 0.1 s-6553 s)
   */
  public RelaySwitchedCharger(
      ModbusBus bus,
      int unitId,
      int channel,
      int chargerMillivolts,
      int chargerMilliamps,
      Duration pulse)
      throws SupplyException {
    if (channel < 0 || channel > 7) {
      throw new IllegalArgumentException("relay channel must be 0..7, was " + channel);
    }
    long tenths = pulse.toMillis() / 100;
    if (tenths < 1 || tenths > 0xFFFF) {
      throw new IllegalArgumentException("relay pulse must be 0.1 s..6553 s, was " + pulse);
    }
    this.bus = bus;
    this.unitId = unitId;
    this.channel = channel;
    this.chargerMillivolts = chargerMillivolts;
    this.chargerMilliamps = chargerMilliamps;
    this.pulseTenths = (int) tenths;
    this.caps =
        new SupplyCapabilities(
            MODEL,
            chargerMillivolts,
            chargerMilliamps,
            chargerMillivolts,
            chargerMilliamps,
            false,
            "fixed charger on a relay: on/off only, no regulation, no OVP/OCP; the BMS is the only eye;"
                + " a flash-on pulse of "
                + pulse.toMillis()
                + " ms turns it off if the controller stops",
            chargerMillivolts);
    allOff();
  }

  private void allOff() throws SupplyException {
    try {
      bus.writeCoil(unitId, ALL_CHANNELS, false, true, GAP, "all relays off");
    } catch (ModbusBus.WriteUnconfirmed e) {
      // decided by the read-back
    }
    if (relayOn()) {
      throw new SupplyException.Fatal("relay channel " + channel + " still on after \"all off\"");
    }
  }

  private boolean relayOn() throws SupplyException {
    return bus.readCoil(unitId, channel, GAP, 2, "relay " + channel);
  }

  private void pulseOn() throws SupplyException {
    try {
      bus.writeCoilValue(unitId, FLASH_ON_BASE + channel, pulseTenths, false, GAP, "flash-on");
    } catch (ModbusBus.WriteUnconfirmed e) {
      // decided by the read-back
    }
  }

  /** Reads the relay; while the charger is meant on, re-arms its pulse first (the keep-alive). */
  @Override
  public SupplyReading read() throws SupplyException {
    if (meantOn) {
      pulseOn();
    }
    boolean on = relayOn();
    return new SupplyReading(
        MODEL,
        on ? chargerMillivolts : 0,
        on ? chargerMilliamps : 0,
        0,
        0,
        0,
        0,
        on,
        false,
        0,
        "none",
        OptionalInt.empty());
  }

  /**
   * Switches the charger. On is refused unless the setpoint allows the charger's fixed voltage and
   * current: a fixed charger cannot regulate below its nameplate.
   */
  @Override
  public void apply(SupplySetpoint setpoint) throws SupplyException {
    if (!setpoint.outputOn()) {
      outputOff();
      return;
    }
    if (setpoint.millivolts() < chargerMillivolts || setpoint.milliamps() < chargerMilliamps) {
      throw new SupplyException.Fatal(
          "a fixed "
              + chargerMillivolts
              + " mV / "
              + chargerMilliamps
              + " mA charger cannot be set to "
              + setpoint.millivolts()
              + " mV / "
              + setpoint.milliamps()
              + " mA: refusing to switch it on");
    }
    // meant on only once the relay confirms it: a poll re-arms the pulse only then, so a switch-on
    // that failed (an exception answer, a lost link) is never completed later by a read()
    meantOn = false;
    pulseOn();
    if (!relayOn()) {
      // it may be on all the same (a feedback that lies): open it rather than wait for the pulse
      try {
        bus.writeCoil(unitId, channel, false, true, GAP, "relay off after a failed switch-on");
      } catch (ModbusBus.WriteUnconfirmed | SupplyException e) {
        // the pulse still ends it; the failure below is what the caller must act on
      }
      throw new SupplyException.Fatal(
          "relay channel "
              + channel
              + " did not switch on (read back open); sent"
              + " \"off\" in case the read-back is wrong");
    }
    meantOn = true;
  }

  @Override
  public void outputOff() throws SupplyException {
    meantOn = false;
    SupplyException last = null;
    for (int i = 0; i < ModbusSupplyDriver.OUTPUT_OFF_ATTEMPTS; i++) {
      try {
        bus.writeCoil(unitId, channel, false, true, GAP, "relay off");
      } catch (ModbusBus.WriteUnconfirmed e) {
        last = new SupplyException.Retriable(e.getMessage(), e);
      } catch (SupplyException e) {
        last = e;
      }
      try {
        if (!relayOn()) {
          return;
        }
        last =
            new SupplyException.Fatal(
                "relay channel " + channel + " still on after " + (i + 1) + " \"off\" writes");
      } catch (SupplyException e) {
        last = e;
      }
    }
    throw last;
  }

  @Override
  public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
    throw new SupplyException.Fatal(MODEL + " has no settable OVP/OCP: " + caps.notes());
  }

  @Override
  public SupplyCapabilities capabilities() {
    return caps;
  }

  @Override
  public void close() {
    bus.close();
  }
}
