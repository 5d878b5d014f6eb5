package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.FunctionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import org.chargebay.simulator.SupplyBackend;

/**
 * The RuiDeng DPS/DPH map from the vendor's "DPS5005 CNC Communication Protocol V1.2" (and its
 * DPS5015/5020/8005 variants): U-SET 0x00 (x100), I-SET 0x01 (x1000; x100 on DPS5015/5020), UOUT
 * 0x02, IOUT 0x03, POWER 0x04 (x100), UIN 0x05, LOCK 0x06, PROTECT 0x07 (1 OVP, 2 OCP, 3 OPP),
 * CV/CC 0x08, ONOFF 0x09, B_LED 0x0A, MODEL 0x0B, VERSION 0x0C (x10), EXTRACT_M 0x23, and the
 * active memory M0 at 0x50-0x57 (U, I, S-OVP, S-OCP, S-OPP x10 W, B-LED, M-PRE, S-INI), M1-M9 at
 * 0x50 + n x 0x10. At most 32 registers per request.
 */
final class RuiDengImage extends RegisterImage {
  private static final int SIZE = 0xF0;

  RuiDengImage(SupplyBackend backend, EmulatedModel model, SupplyFaults faults) {
    super(backend, model, faults, SIZE);
    regs[0x0B] = model.modelId();
    regs[0x0C] = 17;
    regs[0x54] = u16(model.maxVolts() * model.maxAmps() * 10);
  }

  @Override
  int maxReadQuantity() {
    return 32;
  }

  @Override
  void refresh() {
    SupplyBackend.SupplyState s = protectedState();
    int v = model.countsPerVolt();
    int a = model.countsPerAmp();
    regs[0x00] = u16(s.setVolts() * v + faults.voltageReadbackOffsetCounts());
    regs[0x01] = u16(s.setAmps() * a);
    regs[0x02] = u16(s.outVolts() * v);
    regs[0x03] = u16(s.outAmps() * a);
    regs[0x04] = u16(s.outVolts() * s.outAmps() * model.countsPerWatt());
    regs[0x05] = u16(s.inputVolts() * 100);
    regs[0x07] = protectionCode(s);
    regs[0x08] = s.constantCurrent() ? 1 : 0;
    regs[0x09] = s.outputOn() ? 1 : 0;
    regs[0x50] = regs[0x00];
    regs[0x51] = regs[0x01];
    regs[0x52] = u16(s.ovpVolts() * v);
    regs[0x53] = u16(s.ocpAmps() * a);
  }

  @Override
  void write(FunctionCode fc, int address, int value) throws ModbusResponseException {
    if (address < 0 || address >= SIZE) {
      throw illegalAddress(fc);
    }
    double v = model.countsPerVolt();
    double a = model.countsPerAmp();
    SupplyBackend.SupplyState s =
        protectedState(); // a trip since the last request is latched first
    switch (address) {
      case 0x00, 0x50 -> backend.setVoltage(value / v);
      case 0x01, 0x51 -> backend.setCurrent(value / a);
      case 0x09 -> {
        if (value > 1) {
          throw illegalValue(fc);
        }
        setOutput(value == 1);
      }
      case 0x52 -> backend.setProtection(value / v, s.ocpAmps());
      case 0x53 -> backend.setProtection(s.ovpVolts(), value / a);
      case 0x02, 0x03, 0x04, 0x05, 0x07, 0x08, 0x0B, 0x0C -> throw illegalAddress(fc);
      default -> regs[address] = value & 0xFFFF;
    }
  }
}
