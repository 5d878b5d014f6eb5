package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.FunctionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.UnknownUnitIdException;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterResponse;
import com.digitalpetri.modbus.server.ModbusRequestContext;
import com.digitalpetri.modbus.server.ModbusServices;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.chargebay.simulator.SupplyBackend;

/**
 * A Riden RD6018 as seen over Modbus TCP: the RD60xx holding-register map (0-based addresses, FC03
 * read, FC06/FC16 write) with the RD6018 scaling (V x100, I x100, P x100), after the community
 * register documentation (Baldanos/rd6006 registers.md, ShayBox/Riden register.py,
 * morgendagen/riden-dongle riden_modbus_registers.h). It is written from that documentation, not
 * from chargebay's driver tables, so that a driver scaling bug is not mirrored here.
 *
 * <p>Like stock firmware it does not answer a read of more than 20 registers. Writes to the
 * calibration block (55-62) and the system register (256) are refused with an ILLEGAL_DATA_ADDRESS
 * exception and counted: application code must never write them.
 */
public final class Rd60xxEmulator implements AutoCloseable {
  /** RD6018 model id as read from register 0 (60180-60189; 60181 seen on real units). */
  public static final int RD6018_MODEL_ID = 60181;

  private static final int REGISTER_COUNT = 120;
  private static final int REG_MODEL = 0;
  private static final int REG_SERIAL_HI = 1;
  private static final int REG_SERIAL_LO = 2;
  private static final int REG_FIRMWARE = 3;
  private static final int REG_TEMP_C_SIGN = 4;
  private static final int REG_TEMP_C = 5;
  private static final int REG_V_SET = 8;
  private static final int REG_I_SET = 9;
  private static final int REG_V_OUT = 10;
  private static final int REG_I_OUT = 11;
  private static final int REG_P_OUT_HI = 12;
  private static final int REG_P_OUT_LO = 13;
  private static final int REG_V_IN = 14;
  private static final int REG_PROTECTION = 16;
  private static final int REG_CV_CC = 17;
  private static final int REG_OUTPUT = 18;
  private static final int REG_AH_HI = 38;
  private static final int REG_WH_HI = 40;
  private static final int REG_M0_OVP = 82;
  private static final int REG_M0_OCP = 83;

  private final SupplyBackend backend;
  private final int unitId;
  private final int[] registers = new int[REGISTER_COUNT];
  private final List<String> refusedWrites = new ArrayList<>();
  private final ModbusTcpServer server;
  private final int port;

  /**
   * Starts serving on 127.0.0.1 at an ephemeral port.
   *
   * @param unitId the Modbus slave id (the unit's default is 1); other ids get no answer, as on a
   *     real RS485 bus
   */
  public static Rd60xxEmulator start(SupplyBackend backend, int unitId) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return new Rd60xxEmulator(backend, unitId, LoopbackPorts.free());
      } catch (IllegalStateException e) {
        last = e; // the port was taken between probing and binding; try another
      }
    }
    throw last;
  }

  private Rd60xxEmulator(SupplyBackend backend, int unitId, int port) {
    this.backend = backend;
    this.unitId = unitId;
    this.port = port;
    registers[REG_MODEL] = RD6018_MODEL_ID;
    registers[REG_SERIAL_HI] = 0;
    registers[REG_SERIAL_LO] = 12345;
    registers[REG_FIRMWARE] = 141;
    var transport =
        NettyTcpServerTransport.create(
            cfg -> {
              cfg.bindAddress = "127.0.0.1";
              cfg.port = port;
            });
    this.server = ModbusTcpServer.create(transport, new Services());
    LoopbackPorts.start(server, port);
  }

  public int port() {
    return port;
  }

  public int unitId() {
    return unitId;
  }

  /** Writes the application attempted to registers it must never write. */
  public synchronized List<String> refusedWrites() {
    return List.copyOf(refusedWrites);
  }

  /** The raw value of a holding register as the unit would report it now. */
  public synchronized int register(int address) {
    refresh();
    return registers[address];
  }

  private void refresh() {
    SupplyBackend.SupplyState s = backend.state();
    registers[REG_TEMP_C_SIGN] = 0;
    registers[REG_TEMP_C] = 31;
    registers[REG_V_SET] = clamp16(Math.round(s.setVolts() * 100));
    registers[REG_I_SET] = clamp16(Math.round(s.setAmps() * 100));
    registers[REG_V_OUT] = clamp16(Math.round(s.outVolts() * 100));
    registers[REG_I_OUT] = clamp16(Math.round(s.outAmps() * 100));
    long power = Math.round(s.outVolts() * s.outAmps() * 100);
    registers[REG_P_OUT_HI] = (int) ((power >>> 16) & 0xFFFF);
    registers[REG_P_OUT_LO] = (int) (power & 0xFFFF);
    registers[REG_V_IN] = clamp16(Math.round(s.inputVolts() * 100));
    registers[REG_PROTECTION] = s.protection();
    registers[REG_CV_CC] = s.constantCurrent() ? 1 : 0;
    registers[REG_OUTPUT] = s.outputOn() ? 1 : 0;
    long mah = Math.round(s.ampHours() * 1000);
    registers[REG_AH_HI] = (int) ((mah >>> 16) & 0xFFFF);
    registers[REG_AH_HI + 1] = (int) (mah & 0xFFFF);
    long mwh = Math.round(s.wattHours() * 1000);
    registers[REG_WH_HI] = (int) ((mwh >>> 16) & 0xFFFF);
    registers[REG_WH_HI + 1] = (int) (mwh & 0xFFFF);
    registers[80] = registers[REG_V_SET];
    registers[81] = registers[REG_I_SET];
    registers[REG_M0_OVP] = clamp16(Math.round(s.ovpVolts() * 100));
    registers[REG_M0_OCP] = clamp16(Math.round(s.ocpAmps() * 100));
  }

  private static int clamp16(long v) {
    return (int) Math.max(0, Math.min(0xFFFF, v));
  }

  /**
   * Stock firmware answers reads of at most this many registers (riden-dongle riden_modbus.cpp).
   */
  private static final int MAX_READ = 20;

  private synchronized byte[] read(int address, int quantity)
      throws ModbusResponseException, UnknownUnitIdException {
    if (quantity > MAX_READ) {
      // "Reading all registers at once fails silently" (REGISTERS.md A1): no answer at all
      throw new UnknownUnitIdException(unitId);
    }
    if (quantity < 1 || address < 0 || address + quantity > REGISTER_COUNT) {
      throw new ModbusResponseException(
          FunctionCode.READ_HOLDING_REGISTERS, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
    refresh();
    byte[] out = new byte[quantity * 2];
    for (int i = 0; i < quantity; i++) {
      int v = registers[address + i];
      out[2 * i] = (byte) (v >>> 8);
      out[2 * i + 1] = (byte) v;
    }
    return out;
  }

  private synchronized void write(FunctionCode fc, int address, int value)
      throws ModbusResponseException {
    if ((address >= 55 && address <= 62) || address == 256) {
      refusedWrites.add(address + "=" + value);
      throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
    switch (address) {
      case REG_V_SET, 80 -> backend.setVoltage(value / 100.0);
      case REG_I_SET, 81 -> backend.setCurrent(value / 100.0);
      case REG_OUTPUT -> {
        if (value > 1) {
          throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
        }
        backend.setOutput(value == 1);
      }
      case REG_M0_OVP -> {
        SupplyBackend.SupplyState s = backend.state();
        backend.setProtection(value / 100.0, s.ocpAmps());
      }
      case REG_M0_OCP -> {
        SupplyBackend.SupplyState s = backend.state();
        backend.setProtection(s.ovpVolts(), value / 100.0);
      }
      default -> {
        if (address >= REGISTER_COUNT
            || address < 0
            || address <= REG_V_IN
            || address == 16
            || address == 17) {
          // read-only measurement and identity registers
          throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS);
        }
        registers[address] = value & 0xFFFF;
      }
    }
  }

  private final class Services implements ModbusServices {
    @Override
    public ReadHoldingRegistersResponse readHoldingRegisters(
        ModbusRequestContext context, int unit, ReadHoldingRegistersRequest request)
        throws ModbusResponseException, UnknownUnitIdException {
      checkUnit(unit);
      return new ReadHoldingRegistersResponse(read(request.address(), request.quantity()));
    }

    @Override
    public WriteSingleRegisterResponse writeSingleRegister(
        ModbusRequestContext context, int unit, WriteSingleRegisterRequest request)
        throws ModbusResponseException, UnknownUnitIdException {
      checkUnit(unit);
      write(FunctionCode.WRITE_SINGLE_REGISTER, request.address(), request.value());
      return new WriteSingleRegisterResponse(request.address(), request.value());
    }

    @Override
    public WriteMultipleRegistersResponse writeMultipleRegisters(
        ModbusRequestContext context, int unit, WriteMultipleRegistersRequest request)
        throws ModbusResponseException, UnknownUnitIdException {
      checkUnit(unit);
      byte[] values = request.values();
      for (int i = 0; i < request.quantity(); i++) {
        int v = ((values[2 * i] & 0xFF) << 8) | (values[2 * i + 1] & 0xFF);
        write(FunctionCode.WRITE_MULTIPLE_REGISTERS, request.address() + i, v);
      }
      return new WriteMultipleRegistersResponse(request.address(), request.quantity());
    }

    private void checkUnit(int unit) throws UnknownUnitIdException {
      if (unit != unitId) {
        throw new UnknownUnitIdException(unit);
      }
    }
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (ExecutionException e) {
      // already stopped or failed to unbind: nothing left to release
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
