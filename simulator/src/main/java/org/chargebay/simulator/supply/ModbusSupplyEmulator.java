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
import com.digitalpetri.modbus.serial.server.SerialPortServerTransport;
import com.digitalpetri.modbus.server.ModbusRequestContext;
import com.digitalpetri.modbus.server.ModbusRtuServer;
import com.digitalpetri.modbus.server.ModbusServices;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.tcp.server.NettyRtuServerTransport;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.chargebay.simulator.SupplyBackend;

/**
 * Any emulated Modbus supply ({@link EmulatedModel}) over any of the links a real one uses: Modbus
 * TCP (Riden with the riden-dongle firmware), RTU over a serial port (the unit's USB/TTL port; a
 * socat pty in tests), RTU over TCP (serial-to-Ethernet gateways), and the stock Riden WiFi module,
 * which dials <em>out</em> to the controller and speaks RTU on that socket.
 *
 * <p>Fault injection: {@link #faults()} and, on the RD6012P, {@link #selectCurrentRange(int)} (a
 * range change on the front panel). Requests for another unit id are not answered, as on a shared
 * RS485 bus. RTU exception responses get a correct CRC ({@link CrcCheckedRtuServerTransport} works
 * around a digitalpetri 2.1.0 bug).
 */
public final class ModbusSupplyEmulator implements AutoCloseable {
  private final RegisterImage image;
  private final int unitId;
  private final SupplyFaults faults;
  private final Runnable server;
  private final int port;
  private volatile @org.jspecify.annotations.Nullable Runnable outputOffListener;
  private final java.util.concurrent.atomic.AtomicInteger writeRequests =
      new java.util.concurrent.atomic.AtomicInteger();

  private ModbusSupplyEmulator(
      SupplyBackend backend,
      EmulatedModel model,
      int unitId,
      SupplyFaults faults,
      Function<ModbusServices, Started> starter) {
    this.faults = faults;
    this.image = RegisterImage.of(backend, model, faults);
    this.unitId = unitId;
    Started started = starter.apply(new Services());
    this.server = started.closer();
    this.port = started.port();
  }

  private record Started(Runnable closer, int port) {}

  /** Modbus TCP on 127.0.0.1 at an ephemeral port. */
  public static ModbusSupplyEmulator tcp(SupplyBackend backend, EmulatedModel model, int unitId) {
    return tcpOn(backend, model, unitId, LoopbackPorts.free());
  }

  /** Modbus TCP on 127.0.0.1 at {@code port}. */
  public static ModbusSupplyEmulator tcpOn(
      SupplyBackend backend, EmulatedModel model, int unitId, int port) {
    return tcpServer(backend, model, unitId, port, cfg -> {});
  }

  /**
   * Modbus TCP on 127.0.0.1 at {@code port} (0: a free port, retried if it is taken meanwhile),
   * served by the given event loops and request executor instead of digitalpetri's shared ones, so
   * that a process serving many emulators decides how many threads they use.
   *
   * @throws IllegalStateException if the port cannot be bound
   */
  public static ModbusSupplyEmulator tcpOn(
      SupplyBackend backend,
      EmulatedModel model,
      int unitId,
      int port,
      io.netty.channel.EventLoopGroup eventLoop,
      java.util.concurrent.ExecutorService executor) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < (port == 0 ? 5 : 1); attempt++) {
      int p = port == 0 ? LoopbackPorts.free() : port;
      try {
        return tcpServer(
            backend,
            model,
            unitId,
            p,
            cfg -> {
              cfg.eventLoopGroup = eventLoop;
              cfg.executor = executor;
            });
      } catch (IllegalStateException e) {
        last = e; // taken between probing and binding
      }
    }
    throw java.util.Objects.requireNonNull(last);
  }

  /** One Modbus TCP server on 127.0.0.1:{@code port}; {@code tune} adds to its transport config. */
  private static ModbusSupplyEmulator tcpServer(
      SupplyBackend backend,
      EmulatedModel model,
      int unitId,
      int port,
      java.util.function.Consumer<
              com.digitalpetri.modbus.tcp.server.NettyServerTransportConfig.Builder>
          tune) {
    return new ModbusSupplyEmulator(
        backend,
        model,
        unitId,
        new SupplyFaults(),
        services -> {
          ModbusTcpServer s =
              ModbusTcpServer.create(
                  NettyTcpServerTransport.create(
                      cfg -> {
                        cfg.bindAddress = "127.0.0.1";
                        cfg.port = port;
                        tune.accept(cfg);
                      }),
                  services);
          start(s, "127.0.0.1:" + port);
          return new Started(() -> stop(s), port);
        });
  }

  /**
   * Modbus TCP frames on a transport of the caller's (e.g. one that hands each request over in the
   * caller's thread, with no socket); {@link #port()} is -1.
   */
  public static ModbusSupplyEmulator on(
      SupplyBackend backend,
      EmulatedModel model,
      int unitId,
      com.digitalpetri.modbus.server.ModbusTcpServerTransport transport) {
    return new ModbusSupplyEmulator(
        backend,
        model,
        unitId,
        new SupplyFaults(),
        services -> {
          ModbusTcpServer s = ModbusTcpServer.create(transport, services);
          start(s, "its transport");
          return new Started(() -> stop(s), -1);
        });
  }

  /** RTU framing over TCP (as behind a transparent serial-to-Ethernet gateway) on 127.0.0.1. */
  public static ModbusSupplyEmulator rtuOverTcp(
      SupplyBackend backend, EmulatedModel model, int unitId) {
    return rtuOverTcpOn(backend, model, unitId, LoopbackPorts.free());
  }

  /** RTU framing over TCP on 127.0.0.1 at {@code port}. */
  public static ModbusSupplyEmulator rtuOverTcpOn(
      SupplyBackend backend, EmulatedModel model, int unitId, int port) {
    return new ModbusSupplyEmulator(
        backend,
        model,
        unitId,
        new SupplyFaults(),
        services -> {
          ModbusRtuServer s =
              ModbusRtuServer.create(
                  new CrcCheckedRtuServerTransport(
                      NettyRtuServerTransport.create(
                          cfg -> {
                            cfg.bindAddress = "127.0.0.1";
                            cfg.port = port;
                          })),
                  services);
          start(s, "127.0.0.1:" + port + " (RTU over TCP)");
          return new Started(() -> stop(s), port);
        });
  }

  /**
   * Modbus RTU on a serial port opened by path (e.g. one end of a socat pty pair), 8N1.
   *
   * @param baud the line speed (Riden 115200, DPS 9600, XY 115200 by default)
   */
  public static ModbusSupplyEmulator rtuSerial(
      SupplyBackend backend, EmulatedModel model, int unitId, String serialPath, int baud) {
    return new ModbusSupplyEmulator(
        backend,
        model,
        unitId,
        new SupplyFaults(),
        services -> {
          ModbusRtuServer s =
              ModbusRtuServer.create(
                  new CrcCheckedRtuServerTransport(
                      SerialPortServerTransport.create(
                          cfg -> {
                            cfg.serialPort = serialPath;
                            cfg.baudRate = baud;
                          })),
                  services);
          start(s, serialPath);
          return new Started(() -> stop(s), -1);
        });
  }

  /**
   * An emulator without a link of its own: {@code attach} receives its Modbus services, to be
   * served by a server shared with other units ({@link RtuBusEmulator}).
   */
  static ModbusSupplyEmulator attached(
      SupplyBackend backend,
      EmulatedModel model,
      int unitId,
      java.util.function.Consumer<ModbusServices> attach) {
    return new ModbusSupplyEmulator(
        backend,
        model,
        unitId,
        new SupplyFaults(),
        services -> {
          attach.accept(services);
          return new Started(() -> {}, -1);
        });
  }

  /**
   * The stock Riden WiFi module: connects to {@code host:port} (the controller's listener, 8080 on
   * real units) and answers RTU frames on that socket (pgreenland/RidenRD60xxMQTT README).
   */
  public static ModbusSupplyEmulator dialIn(
      SupplyBackend backend, EmulatedModel model, int unitId, String host, int port) {
    return new ModbusSupplyEmulator(
        backend,
        model,
        unitId,
        new SupplyFaults(),
        services -> {
          DialInRtuServerTransport transport = new DialInRtuServerTransport(host, port);
          ModbusRtuServer s =
              ModbusRtuServer.create(new CrcCheckedRtuServerTransport(transport), services);
          start(s, "dial-in to " + host + ":" + port);
          return new Started(() -> stop(s), -1);
        });
  }

  @FunctionalInterface
  private interface Lifecycle {
    void run() throws ExecutionException, InterruptedException;
  }

  private static void start(ModbusTcpServer s, String where) {
    start(s::start, where);
  }

  private static void start(ModbusRtuServer s, String where) {
    start(s::start, where);
  }

  private static void stop(ModbusTcpServer s) {
    stop(s::stop);
  }

  private static void stop(ModbusRtuServer s) {
    stop(s::stop);
  }

  private static void start(Lifecycle s, String where) {
    try {
      s.run();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot start the supply emulator on " + where + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting on " + where, e);
    }
  }

  private static void stop(Lifecycle s) {
    try {
      s.run();
    } catch (ExecutionException e) {
      // already stopped or failed to unbind: nothing left to release
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The TCP port for {@link #tcp} and {@link #rtuOverTcp}; -1 for serial and dial-in. */
  public int port() {
    return port;
  }

  public int unitId() {
    return unitId;
  }

  public EmulatedModel model() {
    return image.model;
  }

  public SupplyFaults faults() {
    return faults;
  }

  /** RD6012P front panel: 0 = 6 A range (I x10000), 1 = 12 A range (I x1000). */
  public synchronized void selectCurrentRange(int range) {
    if (!(image instanceof RidenImage r)) {
      throw new IllegalStateException(image.model + " has no current range switch");
    }
    r.selectCurrentRange(range);
  }

  /**
   * RD6012P fault: the current range register flips by itself while the current registers keep
   * their raw counts, so the unit now applies ten times more or less current than it was set to
   * (and its OCP moves with it); the controller reads the new range and sees the new values.
   */
  public synchronized void flipCurrentRangeKeepingCounts() {
    if (!(image instanceof RidenImage r)) {
      throw new IllegalStateException(image.model + " has no current range switch");
    }
    r.flipRangeKeepingCounts();
  }

  /**
   * Another unit now answers on this address, reporting {@code modelId}, while the link stays up (a
   * supply swapped on an RS-485 bus or behind a bridge): only the id register changes.
   */
  public synchronized void swapInUnitReporting(int modelId) {
    int address;
    if (image instanceof RidenImage) {
      address = 0;
    } else if (image instanceof RuiDengImage) {
      address = 0x0B;
    } else if (image instanceof XyImage) {
      address = 0x16;
    } else {
      throw new IllegalStateException(image.model + ": no id register known");
    }
    image.regs[address] = modelId;
  }

  /**
   * Writes the application attempted to registers it must never write (Riden calibration,
   * bootloader).
   */
  public synchronized List<String> refusedWrites() {
    return List.copyOf(image.refusedWrites);
  }

  /**
   * Write requests received for this unit so far (answered or not), to check that none is retried
   * blindly.
   */
  public int writeRequests() {
    return writeRequests.get();
  }

  /** The raw value of a holding register as the unit would report it now. */
  public synchronized int register(int address) {
    image.refresh();
    return image.regs[address];
  }

  private synchronized byte[] read(int address, int quantity)
      throws ModbusResponseException, UnknownUnitIdException {
    if (quantity > image.maxReadQuantity() && image.overlongReadIsSilent()) {
      throw new UnknownUnitIdException(unitId); // stock Riden firmware: no answer at all
    }
    if (quantity < 1
        || quantity > image.maxReadQuantity()
        || address < 0
        || address + quantity > image.regs.length) {
      throw new ModbusResponseException(
          FunctionCode.READ_HOLDING_REGISTERS, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
    image.refresh();
    byte[] out = new byte[quantity * 2];
    for (int i = 0; i < quantity; i++) {
      int v = image.regs[address + i];
      out[2 * i] = (byte) (v >>> 8);
      out[2 * i + 1] = (byte) v;
    }
    return out;
  }

  private synchronized void write(FunctionCode fc, int address, int value)
      throws ModbusResponseException {
    Runnable listener = outputOffListener;
    boolean wasOn = listener != null && image.backend.state().outputOn();
    image.write(fc, address, value);
    if (listener != null && wasOn && !image.backend.state().outputOn()) {
      listener.run();
    }
  }

  /**
   * Called (on the request's thread, right after the write is applied) whenever a register write
   * switches the output from on to off; not called when the unit's own OVP/OCP trips. For measuring
   * how long a controller takes to cut a supply off.
   */
  public void onOutputSwitchedOffByWrite(@org.jspecify.annotations.Nullable Runnable listener) {
    outputOffListener = listener;
  }

  private final class Services implements ModbusServices {
    @Override
    public ReadHoldingRegistersResponse readHoldingRegisters(
        ModbusRequestContext context, int unit, ReadHoldingRegistersRequest request)
        throws ModbusResponseException, UnknownUnitIdException {
      before(unit, FunctionCode.READ_HOLDING_REGISTERS);
      return new ReadHoldingRegistersResponse(read(request.address(), request.quantity()));
    }

    @Override
    public WriteSingleRegisterResponse writeSingleRegister(
        ModbusRequestContext context, int unit, WriteSingleRegisterRequest request)
        throws ModbusResponseException, UnknownUnitIdException {
      before(unit, FunctionCode.WRITE_SINGLE_REGISTER);
      writeRequests.incrementAndGet();
      write(FunctionCode.WRITE_SINGLE_REGISTER, request.address(), request.value());
      afterWrite();
      return new WriteSingleRegisterResponse(request.address(), request.value());
    }

    @Override
    public WriteMultipleRegistersResponse writeMultipleRegisters(
        ModbusRequestContext context, int unit, WriteMultipleRegistersRequest request)
        throws ModbusResponseException, UnknownUnitIdException {
      before(unit, FunctionCode.WRITE_MULTIPLE_REGISTERS);
      writeRequests.incrementAndGet();
      byte[] values = request.values();
      for (int i = 0; i < request.quantity(); i++) {
        int v = ((values[2 * i] & 0xFF) << 8) | (values[2 * i + 1] & 0xFF);
        write(FunctionCode.WRITE_MULTIPLE_REGISTERS, request.address() + i, v);
      }
      afterWrite();
      return new WriteMultipleRegistersResponse(request.address(), request.quantity());
    }

    private void before(int unit, FunctionCode fc)
        throws ModbusResponseException, UnknownUnitIdException {
      if (unit != unitId) {
        throw new UnknownUnitIdException(unit);
      }
      faults.beforeAnswer(unit, fc);
    }

    private void afterWrite() throws UnknownUnitIdException {
      if (faults.silentAfterWrite()) {
        throw new UnknownUnitIdException(unitId);
      }
    }
  }

  @Override
  public void close() {
    server.run();
  }
}
