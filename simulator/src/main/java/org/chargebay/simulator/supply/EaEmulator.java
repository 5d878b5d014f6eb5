package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.FunctionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.UnknownUnitIdException;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadCoilsResponse;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilResponse;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterResponse;
import com.digitalpetri.modbus.server.ModbusRequestContext;
import com.digitalpetri.modbus.server.ModbusServices;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.chargebay.simulator.SupplyBackend;

/**
 * An Elektro-Automatik PS 9080-120 2U (80 V / 120 A / 3 kW) over Modbus TCP (or ModBus RTU on its
 * USB port, {@link #rtuSerial}), from EA's "Programming Guide ModBus & SCPI" rev 24 and the PS/PSI
 * 9000/10000 register lists (PRO-DEVICES.md §1): device class 0 (28 = PS 9000 2U), device type 1-20
 * (ASCII), nominal U/I/P 121/123/125 (float32, high word first), coils 402 remote, 405 DC output,
 * 411 acknowledge alarms, 10013 Modbus compliance; set U/I/P 500-502 and OVP/OCP 550/553 in percent
 * of nominal (0xCCCC = 100 %; set values 0-102 %, thresholds 0-110 %), device state 505-506 (u32:
 * bit 7 DC on, bits 9-10 regulation 00 CV / 10 CC, bit 11 remote, 15 any alarm, 16 OVP, 17 OCP),
 * actual U/I/P 507-509 (0-125 %).
 *
 * <p>As on the device: set values are refused unless in remote; alarms stay latched in 505 until
 * coil 411; only unit id 0 is answered in the default "Limited" compliance mode; the TCP socket is
 * closed after a configurable idle time (5 s on the device). FC16 (Guide §4.8.2) writes one
 * register like FC06; several registers only within one block (here the user text 171-190), never
 * across the set values, which must be written one at a time [the exact block boundaries are
 * unverified]. The device's own OVP/OCP (550/553) watches the measured output on the virtual clock,
 * between requests too, and latches its 505 bit.
 *
 * <p>Faults: {@link #refuseRemote(boolean)} (front panel in "Local"); and of {@link #faults()}:
 * silent, silentAfterWrite, responseDelay, exceptionCode (every request), outputIgnoresOff (coil
 * 405 "off" acknowledged, DC stays on), voltageReadbackOffsetCounts (register 500 reads back off),
 * outputReadsAs (505 bit 7 and coil 405 report a DC state that is not the real one),
 * protectionDisabled. Regulation stuck in CC is the bay's fault ({@link
 * org.chargebay.simulator.Faults#supplyIgnoresVoltageSetpoint}); the device's OVP still trips.
 */
public final class EaEmulator implements AutoCloseable {
  public static final int PERCENT_100 = 0xCCCC;

  /** The exception code of a remote request refused because the front panel is in "Local". */
  public static final int REMOTE_REFUSED_LOCAL = 0x17;

  /**
   * A unit's rating, as it answers registers 1 (device type) and 121/123/125 (nominal U/I/P).
   *
   * @param deviceType e.g. {@code PS 9080-120 2U}
   */
  public record Rating(String deviceType, double volts, double amps, double watts) {
    /** PS 9080-120 2U: 80 V / 120 A / 3 kW (the default). */
    public static final Rating PS_9080_120 = new Rating("PS 9080-120 2U", 80.0, 120.0, 3000.0);

    /** PS 9200-50 2U: 200 V / 50 A / 3 kW, for packs above 80 V (20S NMC at 4.15 V = 83 V). */
    public static final Rating PS_9200_50 = new Rating("PS 9200-50 2U", 200.0, 50.0, 3000.0);
  }

  // the rating's values, named as the register comments name them
  private final double NOMINAL_V;
  private final double NOMINAL_A;
  private final double NOMINAL_W;
  private final String DEVICE_TYPE;

  private final SupplyBackend backend;
  private final Runnable server;
  private final int port;
  private final AtomicInteger openConnections = new AtomicInteger();

  /** Notified whenever a TCP connection opens or closes. */
  private final Object connectionsChanged = new Object();

  private final AtomicInteger writeRequests = new AtomicInteger();
  private final SupplyFaults faults = new SupplyFaults();
  private final int[] userText = new int[20];
  private volatile boolean refuseRemote;
  private boolean remote;
  private boolean complianceFull;
  private int latchedAlarms; // bits 16.. of 505
  private int lastTrip;
  private int setPowerRaw = PERCENT_100;

  /**
   * Modbus TCP on 127.0.0.1 at an ephemeral port.
   *
   * @param socketIdleTimeout the device's TCP socket timeout (register 10573; 5 s by default)
   */
  public EaEmulator(SupplyBackend backend, Duration socketIdleTimeout) {
    this(backend, socketIdleTimeout, Rating.PS_9080_120);
  }

  /**
   * Modbus TCP on 127.0.0.1 at an ephemeral port, as a unit of this rating.
   *
   * @param socketIdleTimeout the device's TCP socket timeout (register 10573; 5 s by default)
   */
  public EaEmulator(SupplyBackend backend, Duration socketIdleTimeout, Rating rating) {
    this.NOMINAL_V = rating.volts();
    this.NOMINAL_A = rating.amps();
    this.NOMINAL_W = rating.watts();
    this.DEVICE_TYPE = rating.deviceType();
    this.backend = backend;
    backend.armOwnProtection(() -> !faults.protectionDisabled());
    this.port = LoopbackPorts.free();
    ModbusTcpServer tcp =
        ModbusTcpServer.create(
            NettyTcpServerTransport.create(
                cfg -> {
                  cfg.bindAddress = "127.0.0.1";
                  cfg.port = port;
                  cfg.pipelineCustomizer =
                      p -> {
                        p.addFirst(
                            "ea-idle",
                            new IdleStateHandler(
                                0, 0, socketIdleTimeout.toMillis(), TimeUnit.MILLISECONDS));
                        p.addAfter(
                            "ea-idle",
                            "ea-idle-close",
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void channelActive(ChannelHandlerContext ctx)
                                  throws Exception {
                                openConnections.incrementAndGet();
                                connectionsChanged();
                                super.channelActive(ctx);
                              }

                              @Override
                              public void channelInactive(ChannelHandlerContext ctx)
                                  throws Exception {
                                openConnections.decrementAndGet();
                                connectionsChanged();
                                super.channelInactive(ctx);
                              }

                              @Override
                              public void userEventTriggered(ChannelHandlerContext ctx, Object evt)
                                  throws Exception {
                                if (evt instanceof IdleStateEvent) {
                                  ctx.close();
                                } else {
                                  super.userEventTriggered(ctx, evt);
                                }
                              }
                            });
                      };
                }),
            new Services());
    LoopbackPorts.start(tcp, port);
    this.server =
        () -> {
          try {
            tcp.stop();
          } catch (ExecutionException e) {
            // already stopped
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
  }

  /**
   * Modbus TCP frames on a transport of the caller's (e.g. one that hands each request over in the
   * caller's thread, with no socket, and so no idle timeout either), as a unit of this rating;
   * {@link #port()} is -1.
   */
  public EaEmulator(
      SupplyBackend backend,
      Rating rating,
      com.digitalpetri.modbus.server.ModbusTcpServerTransport transport) {
    this.NOMINAL_V = rating.volts();
    this.NOMINAL_A = rating.amps();
    this.NOMINAL_W = rating.watts();
    this.DEVICE_TYPE = rating.deviceType();
    this.backend = backend;
    backend.armOwnProtection(() -> !faults.protectionDisabled());
    this.port = -1;
    ModbusTcpServer tcp = ModbusTcpServer.create(transport, new Services());
    LoopbackPorts.start(tcp, port);
    this.server =
        () -> {
          try {
            tcp.stop();
          } catch (ExecutionException e) {
            // already stopped
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
  }

  private EaEmulator(SupplyBackend backend, String serialPath, int baud) {
    this.NOMINAL_V = Rating.PS_9080_120.volts();
    this.NOMINAL_A = Rating.PS_9080_120.amps();
    this.NOMINAL_W = Rating.PS_9080_120.watts();
    this.DEVICE_TYPE = Rating.PS_9080_120.deviceType();
    this.backend = backend;
    backend.armOwnProtection(() -> !faults.protectionDisabled());
    this.port = -1;
    this.server = RtuSerialServer.start(new Services(), serialPath, baud);
  }

  /**
   * ModBus RTU on a serial port opened by path (the device's USB port, a virtual COM port whose
   * serial settings the device ignores; one end of a socat pty pair in tests). The same register
   * map and addressing as over TCP: address 0 always, 1 once compliance is "Full" ({@link
   * #complianceFull(boolean)}), since the RTU slave address can only be 0 or 1 (PRO-DEVICES.md
   * §1.2).
   */
  public static EaEmulator rtuSerial(SupplyBackend backend, String serialPath, int baud) {
    return new EaEmulator(backend, serialPath, baud);
  }

  /**
   * The Modbus compliance setting as stored in the device (coil 10013, kept across power cycles):
   * "Full" also answers address 1, which masters that cannot address unit 0 need.
   */
  public synchronized void complianceFull(boolean on) {
    complianceFull = on;
  }

  /** The TCP port; -1 over RTU. */
  public int port() {
    return port;
  }

  public SupplyFaults faults() {
    return faults;
  }

  /**
   * Write requests (FC05, FC06, FC16) for this unit received so far, whether answered, refused or
   * left unanswered by a fault: to check that none is retried blindly.
   */
  public int writeRequests() {
    return writeRequests.get();
  }

  /** TCP connections open now (the idle timeout closes them); 0 over RTU. */
  public int openConnections() {
    return openConnections.get();
  }

  private void connectionsChanged() {
    synchronized (connectionsChanged) {
      connectionsChanged.notifyAll();
    }
  }

  /**
   * Waits until no TCP connection is open (the device's idle timeout closes them; a wall-clock
   * timer of its network stack), at most {@code timeout}.
   *
   * @return true if none is open
   */
  public boolean awaitNoOpenConnections(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (connectionsChanged) {
      while (openConnections.get() > 0) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(connectionsChanged, left);
      }
      return true;
    }
  }

  /**
   * Fault: the front panel is in "Local"; remote requests get exception code 0x17 and the control
   * location in 505 reads 0x01 (local).
   */
  public void refuseRemote(boolean on) {
    refuseRemote = on;
  }

  public synchronized boolean remote() {
    return remote;
  }

  /** The raw value of a holding register as the device would report it now. */
  public synchronized int register(int address) throws ModbusResponseException {
    return read(address);
  }

  private static int percent(double value, double nominal) {
    return (int) Math.max(0, Math.min(0xFFFF, Math.round(PERCENT_100 * value / nominal)));
  }

  /**
   * The backend's state after the device's own protection: a trip of the watch between requests is
   * latched once; an output above a threshold right now (one just lowered) trips at once.
   */
  private SupplyBackend.SupplyState protectedState() {
    SupplyBackend.SupplyState s = backend.state();
    if (s.protection() != lastTrip) { // latch on the trip itself; 411 clears it
      if (s.protection() == 1) {
        latchedAlarms |= 1 << 16;
      } else if (s.protection() == 2) {
        latchedAlarms |= 1 << 17;
      }
      lastTrip = s.protection();
    }
    if (s.outputOn() && !faults.protectionDisabled()) {
      int trip =
          s.outVolts() > s.ovpVolts() + 1e-9 ? 16 : s.outAmps() > s.ocpAmps() + 1e-9 ? 17 : 0;
      if (trip != 0) {
        latchedAlarms |= 1 << trip;
        backend.setOutput(false);
        s = backend.state();
      }
    }
    return s;
  }

  private int state() {
    SupplyBackend.SupplyState s = protectedState();
    // control location (bits 0-4): Ethernet while we hold remote, else local if the front panel
    // is in "Local", else free (Guide §4.8.7.4)
    int bits = remote ? 0x06 : refuseRemote ? 0x01 : 0x00;
    if (faults.reportedOutput(s.outputOn())) {
      bits |= 1 << 7;
    }
    if (s.constantCurrent()) {
      bits |= 0b10 << 9;
    }
    if (remote) {
      bits |= 1 << 11;
    }
    if (latchedAlarms != 0) {
      bits |= 1 << 15;
    }
    return bits | latchedAlarms;
  }

  private int read(int a) throws ModbusResponseException {
    SupplyBackend.SupplyState s = protectedState();
    if (a == 0) {
      return 28;
    }
    if (a >= 1 && a <= 20) {
      byte[] text = DEVICE_TYPE.getBytes(StandardCharsets.US_ASCII);
      int i = (a - 1) * 2;
      int hi = i < text.length ? text[i] : 0;
      int lo = i + 1 < text.length ? text[i + 1] : 0;
      return (hi << 8) | lo;
    }
    if (a >= 121 && a <= 126) {
      double nominal = a < 123 ? NOMINAL_V : a < 125 ? NOMINAL_A : NOMINAL_W;
      int bits = Float.floatToIntBits((float) nominal);
      return (a % 2 == 1) ? (bits >>> 16) : (bits & 0xFFFF);
    }
    if (a >= 171 && a <= 190) {
      return userText[a - 171];
    }
    return switch (a) {
      case 500 ->
          Math.max(
              0,
              Math.min(
                  0xFFFF, percent(s.setVolts(), NOMINAL_V) + faults.voltageReadbackOffsetCounts()));
      case 501 -> percent(s.setAmps(), NOMINAL_A);
      case 502 -> setPowerRaw;
      case 505 -> state() >>> 16;
      case 506 -> state() & 0xFFFF;
      case 507 -> percent(s.outVolts(), NOMINAL_V);
      case 508 -> percent(s.outAmps(), NOMINAL_A);
      case 509 -> percent(s.outVolts() * s.outAmps(), NOMINAL_W);
      case 550 -> percent(s.ovpVolts(), NOMINAL_V);
      case 553 -> percent(s.ocpAmps(), NOMINAL_A);
      default ->
          throw new ModbusResponseException(
              FunctionCode.READ_HOLDING_REGISTERS, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    };
  }

  private synchronized void writeRegister(FunctionCode fc, int a, int v)
      throws ModbusResponseException {
    SupplyBackend.SupplyState s = protectedState();
    if (!remote) {
      throw new ModbusResponseException(
          fc.getCode(), 0x07); // set values only while in remote (Guide §4.10)
    }
    switch (a) {
      case 500, 501, 502 -> {
        if (v > 0xD0E5) {
          throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
        }
        if (a == 500) {
          backend.setVoltage(NOMINAL_V * v / PERCENT_100);
        } else if (a == 501) {
          backend.setCurrent(NOMINAL_A * v / PERCENT_100);
        } else {
          setPowerRaw = v;
        }
      }
      case 550, 553 -> {
        if (v > 0xE147) {
          throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
        }
        if (a == 550) {
          backend.setProtection(NOMINAL_V * v / PERCENT_100, s.ocpAmps());
        } else {
          backend.setProtection(s.ovpVolts(), NOMINAL_A * v / PERCENT_100);
        }
        protectedState(); // a threshold below the output now trips at once
      }
      default -> throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
  }

  /** FC16: one register as FC06; several only within the user-text block 171-190 (Guide §4.8.2). */
  private synchronized void writeRegisters(int a, int[] values) throws ModbusResponseException {
    FunctionCode fc = FunctionCode.WRITE_MULTIPLE_REGISTERS;
    if (values.length == 1) {
      writeRegister(fc, a, values[0]);
    } else if (a >= 171 && a + values.length - 1 <= 190) {
      System.arraycopy(values, 0, userText, a - 171, values.length);
    } else {
      throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS); // across a block
    }
  }

  private synchronized void writeCoil(int a, boolean on) throws ModbusResponseException {
    FunctionCode fc = FunctionCode.WRITE_SINGLE_COIL;
    protectedState(); // a trip since the last request is latched before DC can be switched
    switch (a) {
      case 402 -> {
        if (on && refuseRemote) {
          // front panel in "Local" / "Allow remote control = No": exception 0x85, code 0x17
          // (Guide §4.8.7.5, §4.10)
          throw new ModbusResponseException(fc.getCode(), REMOTE_REFUSED_LOCAL);
        }
        remote = on;
      }
      case 405 -> {
        if (!remote) {
          throw new ModbusResponseException(fc.getCode(), 0x07);
        }
        if (on && latchedAlarms != 0) {
          return; // DC stays off while an alarm is latched
        }
        if (!on && faults.outputIgnoresOff()) {
          backend.offCommandIgnored();
          return; // acknowledged, DC stays on
        }
        backend.setOutput(on);
      }
      case 411 -> {
        if (on) {
          latchedAlarms = 0;
        }
      }
      case 10013 -> complianceFull = on;
      default -> throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
  }

  private final class Services implements ModbusServices {
    /** Unit id, then the fault switches that act before the request is carried out. */
    private void unit(int unitId, FunctionCode fc)
        throws ModbusResponseException, UnknownUnitIdException {
      boolean answered;
      synchronized (EaEmulator.this) {
        answered = unitId == 0 || (unitId == 1 && complianceFull);
      }
      if (!answered) {
        throw new UnknownUnitIdException(unitId);
      }
      faults.beforeAnswer(unitId, fc);
    }

    /**
     * Counts a write for this unit (answered, refused or not answered at all), then as {@link
     * #unit}.
     */
    private void write(int unitId, FunctionCode fc)
        throws ModbusResponseException, UnknownUnitIdException {
      synchronized (EaEmulator.this) {
        if (unitId == 0 || (unitId == 1 && complianceFull)) {
          writeRequests.incrementAndGet();
        }
      }
      unit(unitId, fc);
    }

    private void afterWrite(int unitId) throws UnknownUnitIdException {
      if (faults.silentAfterWrite()) {
        throw new UnknownUnitIdException(unitId); // carried out, never answered
      }
    }

    @Override
    public ReadHoldingRegistersResponse readHoldingRegisters(
        ModbusRequestContext c, int unitId, ReadHoldingRegistersRequest r)
        throws ModbusResponseException, UnknownUnitIdException {
      unit(unitId, FunctionCode.READ_HOLDING_REGISTERS);
      byte[] out = new byte[r.quantity() * 2];
      synchronized (EaEmulator.this) {
        for (int i = 0; i < r.quantity(); i++) {
          int v = read(r.address() + i);
          out[2 * i] = (byte) (v >>> 8);
          out[2 * i + 1] = (byte) v;
        }
      }
      return new ReadHoldingRegistersResponse(out);
    }

    @Override
    public WriteSingleRegisterResponse writeSingleRegister(
        ModbusRequestContext c, int unitId, WriteSingleRegisterRequest r)
        throws ModbusResponseException, UnknownUnitIdException {
      write(unitId, FunctionCode.WRITE_SINGLE_REGISTER);
      writeRegister(FunctionCode.WRITE_SINGLE_REGISTER, r.address(), r.value());
      afterWrite(unitId);
      return new WriteSingleRegisterResponse(r.address(), r.value());
    }

    @Override
    public WriteMultipleRegistersResponse writeMultipleRegisters(
        ModbusRequestContext c, int unitId, WriteMultipleRegistersRequest r)
        throws ModbusResponseException, UnknownUnitIdException {
      write(unitId, FunctionCode.WRITE_MULTIPLE_REGISTERS);
      byte[] bytes = r.values();
      int[] values = new int[r.quantity()];
      for (int i = 0; i < values.length; i++) {
        values[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
      }
      writeRegisters(r.address(), values);
      afterWrite(unitId);
      return new WriteMultipleRegistersResponse(r.address(), r.quantity());
    }

    @Override
    public ReadCoilsResponse readCoils(ModbusRequestContext c, int unitId, ReadCoilsRequest r)
        throws ModbusResponseException, UnknownUnitIdException {
      unit(unitId, FunctionCode.READ_COILS);
      if (r.quantity() != 1) {
        throw new ModbusResponseException(
            FunctionCode.READ_COILS, ExceptionCode.ILLEGAL_DATA_VALUE);
      }
      boolean v;
      synchronized (EaEmulator.this) {
        v =
            switch (r.address()) {
              case 402 -> remote;
              case 405 -> faults.reportedOutput(protectedState().outputOn());
              case 10013 -> complianceFull;
              default ->
                  throw new ModbusResponseException(
                      FunctionCode.READ_COILS, ExceptionCode.ILLEGAL_DATA_ADDRESS);
            };
      }
      return new ReadCoilsResponse(new byte[] {(byte) (v ? 1 : 0)});
    }

    @Override
    public WriteSingleCoilResponse writeSingleCoil(
        ModbusRequestContext c, int unitId, WriteSingleCoilRequest r)
        throws ModbusResponseException, UnknownUnitIdException {
      write(unitId, FunctionCode.WRITE_SINGLE_COIL);
      writeCoil(r.address(), r.value() == 0xFF00);
      afterWrite(unitId);
      return new WriteSingleCoilResponse(r.address(), r.value());
    }
  }

  @Override
  public void close() {
    server.run();
  }
}
