package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.FunctionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.simulator.SupplyBackend;

/**
 * One family's holding-register image over a {@link SupplyBackend}. Not thread-safe: the emulator
 * serialises access. Each family also implements the unit's own OVP/OCP on the measured output, as
 * the hardware does, independently of whether regulation works: it is armed in the backend ({@link
 * SupplyBackend#armOwnProtection}), so it trips on the virtual clock at the step where the output
 * crosses a threshold, between requests, unless {@link SupplyFaults#protectionDisabled()}; a
 * request also checks it at once (a threshold just lowered below the output).
 */
abstract class RegisterImage {
  final SupplyBackend backend;
  final EmulatedModel model;
  final SupplyFaults faults;
  final int[] regs;
  final List<String> refusedWrites = new ArrayList<>();

  /** Protection latched by the unit itself (on top of the backend's), 0 = none. */
  int latched;

  /** The backend's trip code last seen, so that a new trip is latched once. */
  private int seenTrip;

  RegisterImage(SupplyBackend backend, EmulatedModel model, SupplyFaults faults, int size) {
    this.backend = backend;
    this.model = model;
    this.faults = faults;
    this.regs = new int[size];
    backend.armOwnProtection(() -> !faults.protectionDisabled());
  }

  static RegisterImage of(SupplyBackend backend, EmulatedModel model, SupplyFaults faults) {
    return switch (model.family()) {
      case RIDEN -> new RidenImage(backend, model, faults);
      case RUIDENG -> new RuiDengImage(backend, model, faults);
      case XY -> new XyImage(backend, model, faults);
    };
  }

  /** Requests reading more than this are not served (how depends on the family). */
  abstract int maxReadQuantity();

  /**
   * True if an over-long read gets no answer at all (Riden stock firmware) rather than an
   * exception.
   */
  boolean overlongReadIsSilent() {
    return false;
  }

  /** Recomputes the measured registers from the backend. */
  abstract void refresh();

  /** Carries out one register write as the unit would. */
  abstract void write(FunctionCode fc, int address, int value) throws ModbusResponseException;

  /** Counts per amp on the current registers right now. */
  int ampCounts() {
    return model.countsPerAmp();
  }

  /** The supply hardware's own OVP/OCP check on the measured output (1 OVP, 2 OCP). */
  SupplyBackend.SupplyState protectedState() {
    SupplyBackend.SupplyState s = backend.state();
    if (s.protection() != seenTrip) { // tripped by the backend between requests: latch it here too
      if (s.protection() != 0 && latched == 0) {
        latched = s.protection();
      }
      seenTrip = s.protection();
    }
    if (s.outputOn() && latched == 0 && !faults.protectionDisabled()) {
      if (s.outVolts() > s.ovpVolts() + 1e-9) {
        latched = 1;
        backend.setOutput(false);
      } else if (s.outAmps() > s.ocpAmps() + 1e-9) {
        latched = 2;
        backend.setOutput(false);
      }
      if (latched != 0) {
        s = backend.state();
      }
    }
    return s;
  }

  int protectionCode(SupplyBackend.SupplyState s) {
    return latched != 0 ? latched : s.protection();
  }

  void setOutput(boolean on) {
    if (!on && faults.outputIgnoresOff()) {
      backend.offCommandIgnored();
      return;
    }
    if (on) {
      latched = 0;
    }
    backend.setOutput(on);
  }

  static int u16(double value) {
    return (int) Math.max(0, Math.min(0xFFFF, Math.round(value)));
  }

  static ModbusResponseException illegalAddress(FunctionCode fc) {
    return new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS);
  }

  static ModbusResponseException illegalValue(FunctionCode fc) {
    return new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
  }
}
