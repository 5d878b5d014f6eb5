package org.chargebay.simulator.supply;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chargebay.simulator.SupplyBackend;

/**
 * A JUNTEK DPH8920 (96 V / 20 A) speaking the ASCII "simple communication protocol", written from
 * the Joy-IT "JT-DPM86XX Communication protocol" (2023-01-05) and JoTid/DPM86xx: {@code :01r30=0,}
 * reads (reply {@code :01r30=1234.}), {@code :01w20=V,I,} writes (reply {@code :01ok}); V x100, I
 * x1000; 00/01 maxima, 10/11 set V/I, 12 output, 20 set both, 30/31 measured V/I, 32 CV(0)/CC(1),
 * 33 temperature °C. Like the real unit it does no range checks: an out-of-range operand is
 * accepted (and, here, clamped to the maxima). No OVP/OCP command exists.
 *
 * <p>Serves one client at a time over TCP on 127.0.0.1 (as through a serial gateway) or on a serial
 * port opened by path.
 *
 * <p>Faults of {@link #faults()}: silent (frames are still carried out, nothing is answered),
 * silentAfterWrite (writes carried out, not answered), responseDelay, exceptionCode (every frame to
 * this address is answered with {@code :01err<code>} and not carried out: the protocol documents no
 * error reply, so this stands for any answer that is not a valid one, such as the garbage a unit
 * gives after bad operands), outputIgnoresOff, voltageReadbackOffsetCounts (function 10 reads back
 * off). Regulation stuck in CC is the bay's fault ({@link
 * org.chargebay.simulator.Faults#supplyIgnoresVoltageSetpoint}): with no OVP of its own the unit
 * then pushes its current until something else stops it.
 */
public final class JuntekEmulator implements AutoCloseable {
  private static final Pattern FRAME = Pattern.compile(":(\\d{2})([rw])(\\d{2})=([0-9,]*)");
  private static final double MAX_VOLTS = 96.0;
  private static final double MAX_AMPS = 20.0;

  private final SupplyBackend backend;
  private final int address;
  private final SupplyFaults faults = new SupplyFaults();
  private final Runnable closer;
  private final int port;
  private volatile boolean running = true;
  private final java.util.concurrent.atomic.AtomicInteger writeRequests =
      new java.util.concurrent.atomic.AtomicInteger();

  private JuntekEmulator(SupplyBackend backend, int address, boolean tcp, String serialPath) {
    this.backend = backend;
    this.address = address;
    // The unit has no OVP/OCP (none in the simple protocol, PRO-DEVICES.md §4.2): the bay's
    // default supply thresholds (62 V / 18.5 A, an RD6018's) must not trip a 96 V / 20 A DPH.
    backend.setProtection(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    if (tcp) {
      try {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        this.closer =
            () -> {
              try {
                server.close();
              } catch (IOException e) {
                // closed
              }
            };
        Thread t = new Thread(() -> acceptLoop(server), "juntek-emulator-" + port);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        throw new IllegalStateException("no loopback port for the JUNTEK emulator", e);
      }
    } else {
      com.fazecast.jSerialComm.SerialPort sp =
          com.fazecast.jSerialComm.SerialPort.getCommPort(serialPath);
      sp.setComPortParameters(9600, 8, 1, 0);
      sp.setComPortTimeouts(com.fazecast.jSerialComm.SerialPort.TIMEOUT_READ_BLOCKING, 0, 0);
      if (!sp.openPort()) {
        throw new IllegalStateException("cannot open " + serialPath);
      }
      this.port = -1;
      this.closer =
          () -> {
            running = false;
            sp.closePort();
          };
      Thread t =
          new Thread(
              () -> serve(sp.getInputStream(), sp.getOutputStream()),
              "juntek-emulator-" + serialPath);
      t.setDaemon(true);
      t.start();
    }
  }

  /** Over TCP on 127.0.0.1 at an ephemeral port. */
  public static JuntekEmulator tcp(SupplyBackend backend, int address) {
    return new JuntekEmulator(backend, address, true, "");
  }

  /** On a serial port (e.g. a socat pty end) at 9600 8N1. */
  public static JuntekEmulator serial(SupplyBackend backend, int address, String path) {
    return new JuntekEmulator(backend, address, false, path);
  }

  public int port() {
    return port;
  }

  public SupplyFaults faults() {
    return faults;
  }

  /**
   * Write frames for this address received so far (answered or not): to check none is retried
   * blindly.
   */
  public int writeRequests() {
    return writeRequests.get();
  }

  private void acceptLoop(ServerSocket server) {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        serve(s.getInputStream(), s.getOutputStream());
      } catch (IOException e) {
        // client gone or server closed
      }
    }
  }

  private void serve(InputStream in, OutputStream out) {
    StringBuilder line = new StringBuilder();
    try {
      int b;
      while (running && (b = in.read()) >= 0) {
        if (b == '\n' || b == '\r') {
          if (line.length() > 0) {
            String reply = handle(line.toString());
            line.setLength(0);
            if (reply != null && !faults.silent()) {
              java.time.Duration delay = faults.responseDelay();
              if (!delay.isZero()) {
                try {
                  Thread.sleep(delay.toMillis()); // wall clock: a wire property
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
              }
              out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
              out.flush();
            }
          }
        } else {
          line.append((char) b);
        }
      }
    } catch (IOException e) {
      // link closed
    }
  }

  /** The reply to one frame, or null if the unit would not answer (another address, garbage). */
  synchronized String handle(String frame) {
    Matcher m = FRAME.matcher(frame.trim());
    if (!m.matches() || Integer.parseInt(m.group(1)) != address) {
      return null;
    }
    String prefix = String.format(":%02d", address);
    int function = Integer.parseInt(m.group(3));
    boolean write = m.group(2).equals("w");
    if (write) {
      writeRequests.incrementAndGet();
    }
    if (faults.exceptionCode() != 0) {
      return prefix + "err" + faults.exceptionCode();
    }
    if (!write) {
      Long v = value(function);
      return v == null ? null : prefix + "r" + m.group(3) + "=" + v + ".";
    }
    String[] ops = m.group(4).split(",");
    long a = ops.length > 0 && !ops[0].isEmpty() ? Long.parseLong(ops[0]) : 0;
    long b = ops.length > 1 ? Long.parseLong(ops[1]) : 0;
    switch (function) {
      case 10 -> backend.setVoltage(Math.min(MAX_VOLTS, a / 100.0));
      case 11 -> backend.setCurrent(Math.min(MAX_AMPS, a / 1000.0));
      case 12 -> {
        if (a == 1 || !faults.outputIgnoresOff()) {
          backend.setOutput(a == 1);
        }
      }
      case 20 -> {
        backend.setVoltage(Math.min(MAX_VOLTS, a / 100.0));
        backend.setCurrent(Math.min(MAX_AMPS, b / 1000.0));
      }
      default -> {
        // unknown functions are acknowledged anyway: "ok" only means the frame parsed
      }
    }
    return faults.silentAfterWrite() ? null : prefix + "ok";
  }

  private Long value(int function) {
    SupplyBackend.SupplyState s = backend.state();
    return switch (function) {
      case 0 -> Math.round(MAX_VOLTS * 100);
      case 1 -> Math.round(MAX_AMPS * 1000);
      case 10 -> Math.round(s.setVolts() * 100) + faults.voltageReadbackOffsetCounts();
      case 11 -> Math.round(s.setAmps() * 1000);
      case 12 -> s.outputOn() ? 1L : 0L;
      case 30 -> Math.round(s.outVolts() * 100);
      case 31 -> Math.round(s.outAmps() * 1000);
      case 32 -> s.constantCurrent() ? 1L : 0L;
      case 33 -> 29L;
      default -> null;
    };
  }

  @Override
  public void close() {
    running = false;
    closer.run();
  }
}
