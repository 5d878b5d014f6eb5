package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.FunctionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.UnknownUnitIdException;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadCoilsResponse;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilResponse;
import com.digitalpetri.modbus.server.ModbusRequestContext;
import com.digitalpetri.modbus.server.ModbusServices;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.chargebay.simulator.SupplyBackend;

/**
 * A Waveshare 8-channel Modbus relay (Modbus TCP, as the POE ETH Relay in Modbus TCP mode, or RTU
 * on a serial port, as the Modbus RTU Relay: {@link #rtuSerial}) with a fixed-voltage charger on
 * one channel, after the Waveshare wiki "Modbus RTU Relay" protocol: FC05 coil n 0xFF00/0x0000
 * (0x5500 toggles), coil 0x00FF all channels, coil 0x0200+n "flash on" for t x 100 ms, 0x0400+n
 * "flash off"; FC01 reads the eight relay states. A flash command re-arms a running flash
 * [unverified on hardware]. Flash timers run on the given clock (the simulator's virtual clock in
 * tests); the charger is switched at the pulse's end even if no request arrives then (a host that
 * crashed mid-pulse), which is the point of the flash command.
 *
 * <p>Faults of {@link #faults()}: silent, silentAfterWrite (the command is carried out, not
 * answered), responseDelay, exceptionCode (every request to unit 1 is answered with this exception
 * and not carried out), outputIgnoresOff (a welded contact: it never opens), outputReadsAs (FC01
 * reports the charger channel in this state whatever the contact is).
 */
public final class WaveshareRelayEmulator implements AutoCloseable {
  private final SupplyBackend charger;
  private final int chargerChannel;
  private final Clock clock;
  private final boolean[] relays = new boolean[8];
  private final Instant[] flashEnds = new Instant[8];
  private final boolean[] flashTarget = new boolean[8];
  private final SupplyFaults faults = new SupplyFaults();
  private final java.util.concurrent.atomic.AtomicInteger writeRequests =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Runnable server;
  private final int port;

  /**
   * Modbus TCP on 127.0.0.1 at an ephemeral port (the POE ETH Relay in Modbus TCP mode).
   *
   * @param charger the fixed charger's output (its set V/I are the nameplate values)
   * @param chargerChannel the channel whose NO contact enables the charger
   */
  public WaveshareRelayEmulator(
      SupplyBackend charger, double volts, double amps, int chargerChannel, Clock clock) {
    this(charger, volts, amps, chargerChannel, clock, null, 0);
  }

  private WaveshareRelayEmulator(
      SupplyBackend charger,
      double volts,
      double amps,
      int chargerChannel,
      Clock clock,
      @org.jspecify.annotations.Nullable String serialPath,
      int baud) {
    this.charger = charger;
    this.chargerChannel = chargerChannel;
    this.clock = clock;
    charger.setVoltage(volts);
    charger.setCurrent(amps);
    charger.setOutput(false);
    if (serialPath != null) {
      this.port = -1;
      this.server = RtuSerialServer.start(new Services(), serialPath, baud);
      return;
    }
    this.port = LoopbackPorts.free();
    ModbusTcpServer tcp =
        ModbusTcpServer.create(
            NettyTcpServerTransport.create(
                cfg -> {
                  cfg.bindAddress = "127.0.0.1";
                  cfg.port = port;
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
   * The Modbus RTU Relay on its RS485 port, opened by path (one end of a socat pty pair in tests);
   * the board's defaults are address 1, 9600 8N1 (PRO-DEVICES.md §2).
   */
  public static WaveshareRelayEmulator rtuSerial(
      SupplyBackend charger,
      double volts,
      double amps,
      int chargerChannel,
      Clock clock,
      String serialPath,
      int baud) {
    return new WaveshareRelayEmulator(
        charger, volts, amps, chargerChannel, clock, serialPath, baud);
  }

  /** The TCP port; -1 over RTU. */
  public int port() {
    return port;
  }

  public SupplyFaults faults() {
    return faults;
  }

  /**
   * FC05 requests to unit 1 received so far (answered or not): to check none is retried blindly.
   */
  public int writeRequests() {
    return writeRequests.get();
  }

  /** The relay state now (flash timers evaluated at the clock's now). */
  public synchronized boolean relay(int channel) {
    expire();
    return relays[channel];
  }

  private void expire() {
    Instant now = clock.instant();
    for (int n = 0; n < 8; n++) {
      if (flashEnds[n] != null && !now.isBefore(flashEnds[n])) {
        flashEnds[n] = null;
        set(n, flashTarget[n]);
      }
    }
  }

  private void set(int n, boolean on) {
    if (!on && faults.outputIgnoresOff()) {
      return; // a welded contact
    }
    relays[n] = on;
    if (n == chargerChannel) {
      charger.setOutput(on);
    }
  }

  private synchronized void write(int address, int value) throws ModbusResponseException {
    expire();
    if (address < 8 || address == 0x00FF) {
      int from = address == 0x00FF ? 0 : address;
      int to = address == 0x00FF ? 7 : address;
      for (int n = from; n <= to; n++) {
        flashEnds[n] = null;
        switch (value) {
          case 0xFF00 -> set(n, true);
          case 0x0000 -> set(n, false);
          case 0x5500 -> set(n, !relays[n]);
          default ->
              throw new ModbusResponseException(
                  FunctionCode.WRITE_SINGLE_COIL, ExceptionCode.ILLEGAL_DATA_VALUE);
        }
      }
    } else if ((address & 0xFF00) == 0x0200 || (address & 0xFF00) == 0x0400) {
      int n = address & 0xFF;
      if (n > 7 || value < 1) {
        throw new ModbusResponseException(
            FunctionCode.WRITE_SINGLE_COIL, ExceptionCode.ILLEGAL_DATA_ADDRESS);
      }
      boolean flashOn = (address & 0xFF00) == 0x0200;
      set(n, flashOn);
      flashTarget[n] = !flashOn;
      flashEnds[n] = clock.instant().plus(Duration.ofMillis(100L * value));
      if (n == chargerChannel && !(flashOn && faults.outputIgnoresOff())) {
        // the pulse ends on the board's own timer: the charger switches then, polled or not
        // (a welded contact, outputIgnoresOff at this moment, never opens)
        charger.setOutputAt(!flashOn, flashEnds[n]);
      }
    } else {
      throw new ModbusResponseException(
          FunctionCode.WRITE_SINGLE_COIL, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
  }

  private final class Services implements ModbusServices {
    private void before(int unitId, FunctionCode fc)
        throws ModbusResponseException, UnknownUnitIdException {
      if (unitId != 1) {
        throw new UnknownUnitIdException(unitId);
      }
      faults.beforeAnswer(unitId, fc);
    }

    @Override
    public ReadCoilsResponse readCoils(
        ModbusRequestContext context, int unitId, ReadCoilsRequest request)
        throws ModbusResponseException, UnknownUnitIdException {
      before(unitId, FunctionCode.READ_COILS);
      if (request.address() + request.quantity() > 8) {
        throw new ModbusResponseException(
            FunctionCode.READ_COILS, ExceptionCode.ILLEGAL_DATA_ADDRESS);
      }
      int bits = 0;
      synchronized (WaveshareRelayEmulator.this) {
        expire();
        for (int i = 0; i < request.quantity(); i++) {
          int n = request.address() + i;
          if (n == chargerChannel ? faults.reportedOutput(relays[n]) : relays[n]) {
            bits |= 1 << i;
          }
        }
      }
      return new ReadCoilsResponse(new byte[] {(byte) bits});
    }

    @Override
    public WriteSingleCoilResponse writeSingleCoil(
        ModbusRequestContext context, int unitId, WriteSingleCoilRequest request)
        throws ModbusResponseException, UnknownUnitIdException {
      if (unitId == 1) {
        writeRequests.incrementAndGet();
      }
      before(unitId, FunctionCode.WRITE_SINGLE_COIL);
      write(request.address(), request.value());
      if (faults.silentAfterWrite()) {
        throw new UnknownUnitIdException(unitId); // carried out, never answered
      }
      return new WriteSingleCoilResponse(request.address(), request.value());
    }
  }

  @Override
  public void close() {
    server.run();
  }
}
