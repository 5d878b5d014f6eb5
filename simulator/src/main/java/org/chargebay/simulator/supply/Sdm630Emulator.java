package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.FunctionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.UnknownUnitIdException;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersResponse;
import com.digitalpetri.modbus.server.ModbusRequestContext;
import com.digitalpetri.modbus.server.ModbusServices;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;

/**
 * An Eastron SDM630 three-phase energy meter (the site's grid meter) on Modbus TCP, 127.0.0.1 at an
 * ephemeral port, unit 1, after the register map of PRO-DEVICES.md §3.1: FC04 input registers, each
 * quantity an IEEE 754 float32 in two registers, high word first. Voltage L1..L3 at 0x0000, 0x0002,
 * 0x0004; current at 0x0006..0x000A; active power at 0x000C..0x0010; total system active power at
 * 0x0034 (positive = import from the grid); frequency at 0x0046; import and export active energy at
 * 0x0048 and 0x004A; total active energy at 0x0156; import per phase at 0x015A..0x015E. Registers
 * the map does not name read as 0. A request beyond 0x0165 is refused with ILLEGAL DATA ADDRESS,
 * one for more than 80 registers (the meter's documented limit) with ILLEGAL DATA VALUE.
 *
 * <p>Tests set the phases' readings ({@link #setPhase}) and the energy counters; the totals follow.
 */
public final class Sdm630Emulator implements AutoCloseable {
  /** One past the highest register served. */
  static final int REGISTERS = 0x0166;

  /** At most this many registers per request. */
  static final int MAX_QUANTITY = 80;

  private final double[] volts = {230, 230, 230};
  private final double[] amps = new double[3];
  private final double[] watts = new double[3];
  private final double[] importKwh = new double[3];
  private double exportKwh;
  private double hertz = 50.0;
  private final ModbusTcpServer tcp;
  private final int port;

  /** Starts the meter with 230 V on each phase, no load and empty counters. */
  public Sdm630Emulator() {
    this.port = LoopbackPorts.free();
    this.tcp =
        ModbusTcpServer.create(
            NettyTcpServerTransport.create(
                cfg -> {
                  cfg.bindAddress = "127.0.0.1";
                  cfg.port = port;
                }),
            new Services());
    LoopbackPorts.start(tcp, port);
  }

  /** The TCP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /**
   * One phase's readings.
   *
   * @param phase 1, 2 or 3
   * @param watts active power, positive = import
   */
  public synchronized void setPhase(int phase, double volts, double amps, double watts) {
    if (phase < 1 || phase > 3) {
      throw new IllegalArgumentException("phase must be 1..3, was " + phase);
    }
    this.volts[phase - 1] = volts;
    this.amps[phase - 1] = amps;
    this.watts[phase - 1] = watts;
  }

  /** One phase's import energy counter, kWh. */
  public synchronized void setImportKwh(int phase, double kwh) {
    importKwh[phase - 1] = kwh;
  }

  /** The export energy counter, kWh. */
  public synchronized void setExportKwh(double kwh) {
    exportKwh = kwh;
  }

  /** The line frequency, Hz. */
  public synchronized void setHertz(double hertz) {
    this.hertz = hertz;
  }

  /** The register image now: every float32 at its address, high word first. */
  private synchronized short[] image() {
    short[] r = new short[REGISTERS];
    for (int p = 0; p < 3; p++) {
      put(r, 0x0000 + 2 * p, volts[p]);
      put(r, 0x0006 + 2 * p, amps[p]);
      put(r, 0x000C + 2 * p, watts[p]);
      put(r, 0x015A + 2 * p, importKwh[p]);
    }
    double total = watts[0] + watts[1] + watts[2];
    double imported = importKwh[0] + importKwh[1] + importKwh[2];
    put(r, 0x0034, total);
    put(r, 0x0046, hertz);
    put(r, 0x0048, imported);
    put(r, 0x004A, exportKwh);
    put(r, 0x0156, imported + exportKwh);
    return r;
  }

  private static void put(short[] r, int address, double value) {
    int bits = Float.floatToIntBits((float) value);
    r[address] = (short) (bits >>> 16);
    r[address + 1] = (short) bits;
  }

  private final class Services implements ModbusServices {
    @Override
    public ReadInputRegistersResponse readInputRegisters(
        ModbusRequestContext context, int unitId, ReadInputRegistersRequest request)
        throws ModbusResponseException, UnknownUnitIdException {
      if (unitId != 1) {
        throw new UnknownUnitIdException(unitId);
      }
      if (request.quantity() < 1 || request.quantity() > MAX_QUANTITY) {
        throw new ModbusResponseException(
            FunctionCode.READ_INPUT_REGISTERS, ExceptionCode.ILLEGAL_DATA_VALUE);
      }
      if (request.address() < 0 || request.address() + request.quantity() > REGISTERS) {
        throw new ModbusResponseException(
            FunctionCode.READ_INPUT_REGISTERS, ExceptionCode.ILLEGAL_DATA_ADDRESS);
      }
      short[] r = image();
      ByteBuffer out = ByteBuffer.allocate(2 * request.quantity());
      for (int i = 0; i < request.quantity(); i++) {
        out.putShort(r[request.address() + i]);
      }
      return new ReadInputRegistersResponse(out.array());
    }
  }

  @Override
  public void close() {
    try {
      tcp.stop();
    } catch (ExecutionException e) {
      // already stopped
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
