package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.FunctionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import org.chargebay.simulator.SupplyBackend;

/**
 * The XY-series map from the XY6020L Modbus interface PDF (tinkering4fun/XY6020L-Modbus): V-SET
 * 0x00 (x100), I-SET 0x01 (x100; x1000 on the XY-SK120), VOUT 0x02, IOUT 0x03, POWER 0x04 (x10),
 * UIN 0x05 (x100), Ah 0x06-0x07 and Wh 0x08-0x09 (low word first), on-time 0x0A-0x0C, temperatures
 * 0x0D/0x0E (x10), LOCK 0x0F, PROTECT 0x10 (write 0 to clear), CV/CC 0x11, ONOFF 0x12, °C/°F 0x13,
 * MODEL 0x16, VERSION 0x17, M0 = active at 0x50 (V, I, S-LVP, S-OVP 0x53, S-OCP 0x54, S-OPP, ...).
 * Writing V-SET above S-OVP trips OVP at once, as the units do.
 */
final class XyImage extends RegisterImage {
  private static final int SIZE = 0xF0;

  XyImage(SupplyBackend backend, EmulatedModel model, SupplyFaults faults) {
    super(backend, model, faults, SIZE);
    regs[0x16] = model.modelId();
    regs[0x17] = 0x71;
    regs[0x18] = 1;
    regs[0x19] = 6;
  }

  @Override
  int maxReadQuantity() {
    return 40;
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
    long mah = Math.round(s.ampHours() * 1000);
    regs[0x06] = (int) (mah & 0xFFFF);
    regs[0x07] = (int) ((mah >>> 16) & 0xFFFF);
    long mwh = Math.round(s.wattHours() * 1000);
    regs[0x08] = (int) (mwh & 0xFFFF);
    regs[0x09] = (int) ((mwh >>> 16) & 0xFFFF);
    regs[0x0D] = 315;
    regs[0x0E] = 0;
    regs[0x10] = protectionCode(s);
    regs[0x11] = s.constantCurrent() ? 1 : 0;
    regs[0x12] = s.outputOn() ? 1 : 0;
    regs[0x50] = regs[0x00];
    regs[0x51] = regs[0x01];
    regs[0x53] = u16(s.ovpVolts() * v);
    regs[0x54] = u16(s.ocpAmps() * a);
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
      case 0x00, 0x50 -> {
        backend.setVoltage(value / v);
        if (value / v > s.ovpVolts() + 1e-9) {
          latched = 1; // V-SET above S-OVP trips OVP immediately (REGISTERS.md A3)
          backend.setOutput(false);
        }
      }
      case 0x01, 0x51 -> backend.setCurrent(value / a);
      case 0x10 -> {
        if (value != 0) {
          throw illegalValue(fc);
        }
        latched = 0;
      }
      case 0x12 -> {
        if (value > 1) {
          throw illegalValue(fc);
        }
        if (value == 1 && latched != 0) {
          return; // a latched protection keeps the output off until cleared
        }
        setOutput(value == 1);
      }
      case 0x53 -> backend.setProtection(value / v, s.ocpAmps());
      case 0x54 -> backend.setProtection(s.ovpVolts(), value / a);
      case 0x02,
          0x03,
          0x04,
          0x05,
          0x06,
          0x07,
          0x08,
          0x09,
          0x0A,
          0x0B,
          0x0C,
          0x0D,
          0x0E,
          0x11,
          0x16,
          0x17 ->
          throw illegalAddress(fc);
      default -> regs[address] = value & 0xFFFF;
    }
  }
}
