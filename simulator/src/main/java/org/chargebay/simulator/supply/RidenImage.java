package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.FunctionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import org.chargebay.simulator.SupplyBackend;

/**
 * The Riden RD60xx map (Baldanos/rd6006 registers.md; REGISTERS.md A1): id 0, serial 1-2, firmware
 * 3, temperature °C sign/value 4/5 and °F 6/7, V_SET 8, I_SET 9, V_OUT 10, I_OUT 11, P_OUT 12-13
 * (high word first), V_IN 14 (x100), lock 15, protection 16 (1 OVP, 2 OCP), CV/CC 17, output 18,
 * preset recall 19, current range 20 (RD6012P), battery 32-33, Ah 38-39, Wh 40-41, M0 = active
 * V/I/OVP/OCP 80-83 (after a preset recall 82/83 keep showing the old limits until written, as on
 * the unit), presets M1-M9 from 84. Calibration 55-62 and the bootloader register 256 are refused
 * and recorded. Stock firmware does not answer reads of more than 20 registers.
 */
final class RidenImage extends RegisterImage {
  private static final int SIZE = 300;
  private int currentRange = 1;

  /**
   * M0 OVP/OCP (82/83) as shown after a preset recall: the recalled limits are active but M0 does
   * not reflect them (riden-dongle README, "Limitations"; REGISTERS.md A1) until 82/83 are written.
   * -1 = M0 shows the active limit.
   */
  private int staleOvp = -1;

  private int staleOcp = -1;

  RidenImage(SupplyBackend backend, EmulatedModel model, SupplyFaults faults) {
    super(backend, model, faults, SIZE);
    regs[0] = model.modelId();
    regs[1] = 0;
    regs[2] = 12345;
    regs[3] = 141;
    for (int n = 1; n <= 9; n++) {
      regs[80 + 4 * n] = u16(5.0 * model.countsPerVolt());
      regs[81 + 4 * n] = u16(1.0 * model.countsPerAmp());
      regs[82 + 4 * n] = u16(62.0 * model.countsPerVolt());
      regs[83 + 4 * n] = u16(Math.min(6.2, model.maxAmps() + 0.2) * model.countsPerAmp());
    }
  }

  @Override
  int maxReadQuantity() {
    return 20;
  }

  @Override
  boolean overlongReadIsSilent() {
    return true;
  }

  /** RD6012P: 0 = 6 A range (x10000), 1 = 12 A range (x1000). */
  void selectCurrentRange(int range) {
    if (model != EmulatedModel.RD6012P) {
      throw new IllegalStateException(model + " has no current range switch");
    }
    currentRange = range;
  }

  /** RD6012P: the range flips, the I_SET and OCP registers keep their counts. */
  void flipRangeKeepingCounts() {
    if (model != EmulatedModel.RD6012P) {
      throw new IllegalStateException(model + " has no current range switch");
    }
    SupplyBackend.SupplyState s = protectedState();
    int before = ampCounts();
    currentRange = 1 - currentRange;
    double factor = before / (double) ampCounts();
    backend.setCurrent(Math.min(model.maxAmps(), s.setAmps() * factor));
    backend.setProtection(s.ovpVolts(), s.ocpAmps() * factor);
  }

  @Override
  int ampCounts() {
    if (model == EmulatedModel.RD6012P) {
      return currentRange == 0 ? 10_000 : 1_000;
    }
    return model.countsPerAmp();
  }

  @Override
  void refresh() {
    SupplyBackend.SupplyState s = protectedState();
    int v = model.countsPerVolt();
    int a = ampCounts();
    regs[4] = 0;
    regs[5] = 31;
    regs[6] = 0;
    regs[7] = 88;
    regs[8] = u16(s.setVolts() * v + faults.voltageReadbackOffsetCounts());
    regs[9] = u16(s.setAmps() * a);
    regs[10] = u16(s.outVolts() * v);
    regs[11] = u16(s.outAmps() * a);
    long p = Math.round(s.outVolts() * s.outAmps() * model.countsPerWatt());
    regs[12] = (int) ((p >>> 16) & 0xFFFF);
    regs[13] = (int) (p & 0xFFFF);
    regs[14] = u16(s.inputVolts() * 100);
    regs[16] = protectionCode(s);
    regs[17] = s.constantCurrent() ? 1 : 0;
    regs[18] = s.outputOn() ? 1 : 0;
    regs[20] = model == EmulatedModel.RD6012P ? currentRange : 0;
    regs[32] = 0;
    regs[33] = u16(s.outVolts() * v);
    long mah = Math.round(s.ampHours() * 1000);
    regs[38] = (int) ((mah >>> 16) & 0xFFFF);
    regs[39] = (int) (mah & 0xFFFF);
    long mwh = Math.round(s.wattHours() * 1000);
    regs[40] = (int) ((mwh >>> 16) & 0xFFFF);
    regs[41] = (int) (mwh & 0xFFFF);
    regs[80] = regs[8];
    regs[81] = regs[9];
    regs[82] = staleOvp >= 0 ? staleOvp : u16(s.ovpVolts() * v);
    regs[83] = staleOcp >= 0 ? staleOcp : u16(s.ocpAmps() * a);
  }

  @Override
  void write(FunctionCode fc, int address, int value) throws ModbusResponseException {
    if ((address >= 55 && address <= 62) || address == 256) {
      refusedWrites.add(address + "=" + value);
      throw illegalAddress(fc);
    }
    if (address < 0 || address >= SIZE) {
      throw illegalAddress(fc);
    }
    double v = model.countsPerVolt();
    double a = ampCounts();
    SupplyBackend.SupplyState s =
        protectedState(); // a trip since the last request is latched first
    switch (address) {
      case 8, 80 -> backend.setVoltage(value / v);
      case 9, 81 -> backend.setCurrent(value / a);
      case 18 -> {
        if (value > 1) {
          throw illegalValue(fc);
        }
        setOutput(value == 1);
      }
      case 19 -> {
        if (value > 9) {
          throw illegalValue(fc);
        }
        if (value > 0) {
          staleOvp = staleOvp >= 0 ? staleOvp : u16(s.ovpVolts() * v);
          staleOcp = staleOcp >= 0 ? staleOcp : u16(s.ocpAmps() * a);
          int base = 80 + 4 * value;
          backend.setVoltage(regs[base] / v);
          backend.setCurrent(regs[base + 1] / a);
          backend.setProtection(regs[base + 2] / v, regs[base + 3] / a);
        }
        regs[19] = value;
      }
      case 20 -> {
        if (model != EmulatedModel.RD6012P || value > 1) {
          throw illegalValue(fc);
        }
        currentRange = value;
      }
      case 82 -> {
        backend.setProtection(value / v, s.ocpAmps());
        staleOvp = -1;
      }
      case 83 -> {
        backend.setProtection(s.ovpVolts(), value / a);
        staleOcp = -1;
      }
      default -> {
        if (address <= 17) {
          throw illegalAddress(fc); // identity and measurements are read-only
        }
        regs[address] = value & 0xFFFF;
      }
    }
  }
}
