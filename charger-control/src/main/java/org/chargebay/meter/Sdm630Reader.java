package org.chargebay.meter;

import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.exceptions.ModbusException;
import com.digitalpetri.modbus.exceptions.ModbusExecutionException;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an Eastron SDM630 energy meter over Modbus TCP (directly or through an RS485 gateway): FC04
 * input registers, IEEE 754 float32 in two registers, high word first (the register map of the
 * supplies' fixture notes, PRO-DEVICES.md §3.1). Three requests per reading, each well under the
 * meter's 80-register limit: 0x0000 x 18 (voltage, current and active power per phase), 0x0034 x 2
 * (total system active power) and 0x0046 x 6 (frequency, import and export energy). A value that is
 * not a finite number, or a frequency outside 40 to 70 Hz, is refused rather than passed on.
 *
 * <p>Not thread-safe: one reader per meter, used by one thread.
 */
public final class Sdm630Reader implements AutoCloseable {

  /** Why a meter could not be read: which meter and what went wrong. */
  public static final class MeterException extends Exception {
    private static final long serialVersionUID = 1L;

    MeterException(String message, Throwable cause) {
      super(message, cause);
    }

    MeterException(String message) {
      super(message);
    }
  }

  private final String name;
  private final int unitId;
  private final ModbusTcpClient client;

  private Sdm630Reader(String name, int unitId, ModbusTcpClient client) {
    this.name = name;
    this.unitId = unitId;
    this.client = client;
  }

  /**
   * Connects to the meter.
   *
   * @param unitId the meter's Modbus address (1 by default on the meter)
   * @param timeout for connecting and for each request
   */
  public static Sdm630Reader open(String host, int port, int unitId, Duration timeout)
      throws MeterException {
    if (unitId < 1 || unitId > 247) {
      throw new IllegalArgumentException("unit id must be 1..247, was " + unitId);
    }
    String name = "SDM630 at " + host + ":" + port + " unit " + unitId;
    ModbusTcpClient client =
        ModbusTcpClient.create(
            NettyTcpClientTransport.create(
                cfg -> {
                  cfg.hostname = host;
                  cfg.port = port;
                  cfg.connectTimeout = timeout;
                  cfg.connectPersistent = false;
                }),
            cfg -> cfg.requestTimeout = timeout);
    try {
      client.connect();
    } catch (ModbusExecutionException e) {
      throw new MeterException(name + ": cannot connect: " + message(e), e);
    }
    return new Sdm630Reader(name, unitId, client);
  }

  /** One reading. */
  public MeterReading read() throws MeterException {
    float[] phases = floats(0x0000, 9);
    float[] total = floats(0x0034, 1);
    float[] tail = floats(0x0046, 3);
    List<Double> v = new ArrayList<>();
    List<Double> a = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      v.add(finite(phases[p], "voltage L" + (p + 1)));
      a.add(finite(phases[3 + p], "current L" + (p + 1)));
      w.add(finite(phases[6 + p], "active power L" + (p + 1)));
    }
    double hertz = finite(tail[0], "frequency");
    if (hertz < 40 || hertz > 70) {
      throw new MeterException(name + ": frequency " + hertz + " Hz is not a mains frequency");
    }
    return new MeterReading(
        v,
        a,
        w,
        finite(total[0], "total active power"),
        hertz,
        finite(tail[1], "import energy"),
        finite(tail[2], "export energy"));
  }

  private float[] floats(int address, int count) throws MeterException {
    byte[] bytes;
    try {
      bytes =
          client
              .readInputRegisters(unitId, new ReadInputRegistersRequest(address, 2 * count))
              .registers();
    } catch (ModbusException e) {
      throw new MeterException(
          name + ": reading input registers 0x" + Integer.toHexString(address) + ": " + message(e),
          e);
    }
    if (bytes.length != 4 * count) {
      throw new MeterException(
          name
              + ": expected "
              + 4 * count
              + " bytes from register 0x"
              + Integer.toHexString(address)
              + ", got "
              + bytes.length);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes); // big-endian, high word first
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = in.getFloat();
    }
    return out;
  }

  private double finite(float value, String what) throws MeterException {
    if (!Float.isFinite(value)) {
      throw new MeterException(name + ": " + what + " is not a number (" + value + ")");
    }
    return value;
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @Override
  public void close() {
    try {
      client.disconnect();
    } catch (ModbusExecutionException e) {
      // the connection is gone either way
    }
  }
}
