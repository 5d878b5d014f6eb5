package org.chargebay.simulator.jbd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.framing.FrameAccumulator;
import org.chargebay.bms.jbd.JbdBasicInfo;
import org.chargebay.bms.jbd.JbdCells;
import org.chargebay.bms.jbd.JbdDecoder;
import org.chargebay.bms.jbd.JbdFrameSpec;
import org.chargebay.bms.jbd.JbdFrames;
import org.chargebay.bms.jbd.JbdRequest;
import org.chargebay.simulator.BmsBackend;
import org.jspecify.annotations.Nullable;

/**
 * A JBD BMS on {@code 127.0.0.1}, answering real frames from the values of a {@link BmsBackend}.
 *
 * <ul>
 *   <li>Read 0x03 (basic info), 0x04 (cell voltages) and 0x05 (model string) are answered from
 *       {@link BmsBackend#snapshot()}, quantised to the wire units (10 mV, 10 mA, 10 mAh).
 *   <li>Write 0xE1 (MOSFET control, data {@code 00 XX}: bit 0 = charge off, bit 1 = discharge off)
 *       calls {@link BmsBackend#setFets} and is acknowledged with {@code DD E1 00 00 00 00 77}.
 *       Writes to 0x00/0x01 (factory mode enter/exit) are acknowledged and ignored.
 *   <li>Requests may arrive in any fragmentation: a {@link FrameAccumulator} reassembles them.
 *       Requests that fail their checksum, and reads of other registers, get no answer (the vendor
 *       document does not say what a board does with them).
 * </ul>
 *
 * <p>One daemon thread accepts connections and one daemon thread serves each connection, so several
 * clients may connect at once. {@link #close()} stops everything.
 */
public final class JbdEmulator implements AutoCloseable {

  /** The model string answered to 0x05 unless configured otherwise. */
  public static final String DEFAULT_MODEL = "CHARGEBAY-SIM-JBD";

  /** The production date in the 0x03 reply. */
  public static final LocalDate PRODUCTION_DATE = LocalDate.of(2024, 1, 15);

  /** The software version byte in the 0x03 reply (0x80 = 8.0, as on the captured boards). */
  public static final int SOFTWARE_VERSION = 0x80;

  /** The most temperature probes a 0x03 reply can carry: (255 - 23) / 2. */
  private static final int MAX_PROBES = (0xFF - JbdFrames.BASIC_INFO_FIXED_LENGTH) / 2;

  private static final long ACCEPTOR_JOIN_MILLIS = 2_000;

  private static final System.Logger LOG = System.getLogger(JbdEmulator.class.getName());
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final BmsBackend backend;
  private final String model;
  private final ServerSocket server;
  private final Thread acceptor;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final List<Integer> mosfetCommands = new CopyOnWriteArrayList<>();
  private final int instance = INSTANCES.incrementAndGet();
  private volatile boolean silent;
  private volatile boolean closed;

  private JbdEmulator(BmsBackend backend, String model, ServerSocket server) {
    this.backend = backend;
    this.model = model;
    this.server = server;
    this.acceptor = new Thread(this::acceptLoop, "jbd-emulator-" + instance + "-accept");
    this.acceptor.setDaemon(true);
  }

  /** Starts an emulator on an ephemeral loopback port; see {@link #port()}. */
  public static JbdEmulator start(BmsBackend backend) throws IOException {
    return start(backend, 0, DEFAULT_MODEL);
  }

  /**
   * Starts an emulator.
   *
   * @param port the loopback TCP port, 0 for an ephemeral one
   * @param model the ASCII model string answered to register 0x05 (at most 255 characters)
   * @throws IOException if the port cannot be bound
   */
  public static JbdEmulator start(BmsBackend backend, int port, String model) throws IOException {
    Objects.requireNonNull(backend, "backend");
    JbdFrames.encodeHardware(model); // fail fast on a model the wire cannot carry
    ServerSocket server = new ServerSocket();
    try {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    JbdEmulator emulator = new JbdEmulator(backend, model, server);
    emulator.acceptor.start();
    return emulator;
  }

  /** The TCP port clients connect to on 127.0.0.1. */
  public int port() {
    return server.getLocalPort();
  }

  /**
   * While silent the emulator keeps connections open and keeps reading (and recording MOSFET
   * commands), but answers nothing and applies nothing: a hung board or a dead RS485 line behind a
   * live gateway.
   */
  public void setSilent(boolean silent) {
    this.silent = silent;
  }

  /** Whether the emulator is silent. */
  public boolean isSilent() {
    return silent;
  }

  /**
   * Every MOSFET command byte XX received in a valid 0xE1 write, oldest first, including those
   * received while silent: 0 both on, 1 charge off, 2 discharge off, 3 both off.
   *
   * @return an immutable copy
   */
  public List<Integer> mosfetCommands() {
    return List.copyOf(mosfetCommands);
  }

  /**
   * Stops accepting, closes every connection and ends the threads. When it returns, the port
   * refuses new connections. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing emulator server socket", e);
    }
    for (Socket connection : connections) {
      closeQuietly(connection);
    }
    connections.clear();
    // JDK 17 releases a listening socket only once the thread blocked in accept() has woken up;
    // wait for it so that the port really refuses connections when close() returns.
    if (Thread.currentThread() != acceptor) {
      try {
        acceptor.join(ACCEPTOR_JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "JbdEmulator[127.0.0.1:" + port() + ", silent=" + silent + "]";
  }

  // ---------------------------------------------------------------- serving

  private void acceptLoop() {
    int served = 0;
    while (!closed) {
      Socket connection;
      try {
        connection = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "JBD emulator stopped accepting", e);
        }
        return;
      }
      connections.add(connection);
      if (closed) { // close() ran between accept and add
        closeQuietly(connection);
        return;
      }
      Thread worker =
          new Thread(() -> serve(connection), "jbd-emulator-" + instance + "-conn-" + (++served));
      worker.setDaemon(true);
      worker.start();
    }
  }

  private void serve(Socket connection) {
    FrameAccumulator accumulator = new FrameAccumulator(JbdFrameSpec.REQUEST);
    byte[] buffer = new byte[256];
    try (connection) {
      connection.setTcpNoDelay(true);
      InputStream in = connection.getInputStream();
      OutputStream out = connection.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        for (byte[] frame : accumulator.feed(buffer, 0, n)) {
          byte[] reply = answer(frame);
          if (reply != null) {
            out.write(reply);
            out.flush();
          }
        }
      }
    } catch (SocketException e) {
      // the peer went away or close() closed the socket: nothing to report
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        LOG.log(System.Logger.Level.WARNING, "JBD emulator connection failed", e);
      }
    } finally {
      connections.remove(connection);
    }
  }

  /** The reply to one request frame, or null for no reply. */
  private byte @Nullable [] answer(byte[] frame) {
    DecodeResult<JbdRequest> result = JbdDecoder.decodeRequest(frame);
    if (!(result instanceof Decoded<JbdRequest> decoded)) {
      return null; // a real board ignores frames it cannot check
    }
    JbdRequest request = decoded.value();
    if (request instanceof JbdRequest.Write write
        && write.register() == JbdFrames.REG_MOSFET_CONTROL) {
      mosfetCommands.add(write.value() & 0xFF);
    }
    if (silent || !backend.answers()) {
      return null;
    }
    if (request instanceof JbdRequest.Read read) {
      switch (read.register()) {
        case JbdFrames.REG_BASIC_INFO:
          return JbdFrames.encodeBasicInfo(basicInfo(backend.snapshot()));
        case JbdFrames.REG_CELLS:
          return JbdFrames.encodeCells(cells(backend.snapshot()));
        case JbdFrames.REG_HARDWARE:
          return JbdFrames.encodeHardware(model);
        default:
          return null;
      }
    }
    if (request instanceof JbdRequest.Write write) {
      switch (write.register()) {
        case JbdFrames.REG_MOSFET_CONTROL:
          int command = write.value() & 0xFF;
          backend.setFets((command & 0x01) == 0, (command & 0x02) == 0);
          return JbdFrames.encodeWriteAck(JbdFrames.REG_MOSFET_CONTROL);
        case JbdFrames.REG_ENTER_FACTORY:
        case JbdFrames.REG_EXIT_FACTORY:
          return JbdFrames.encodeWriteAck(write.register());
        default:
          return null;
      }
    }
    throw new IllegalStateException("unhandled JbdRequest " + request);
  }

  // ---------------------------------------------------------------- quantising

  /**
   * The 0x03 payload for a snapshot, rounded to the wire units (10 mV, 10 mA, 10 mAh) and clamped
   * to the field ranges, so any backend value can be sent.
   */
  static JbdBasicInfo basicInfo(BmsSnapshot s) {
    List<Integer> temps = new ArrayList<>();
    for (int deci : s.tempDeciCelsius()) {
      temps.add(clamp(deci, -JbdFrames.KELVIN_OFFSET_DECI, 0xFFFF - JbdFrames.KELVIN_OFFSET_DECI));
    }
    Integer soc = s.socPercent();
    return new JbdBasicInfo(
        tens(s.packMillivolts(), 0, 0xFFFF),
        tens(s.currentMilliamps(), -0x8000, 0x7FFF),
        tens(s.remainingMilliampHours(), 0, 0xFFFF),
        tens(s.nominalMilliampHours(), 0, 0xFFFF),
        clamp(s.cycles(), 0, 0xFFFF),
        PRODUCTION_DATE,
        s.balanceBits() & 0xFFFF_FFFFL,
        s.protectionBits() & 0xFFFF,
        SOFTWARE_VERSION,
        soc == null ? 0 : clamp(soc, 0, 100),
        s.chargeFet(),
        s.dischargeFet(),
        clamp(s.cellCount(), 0, JbdDecoder.MAX_CELLS),
        temps.subList(0, Math.min(temps.size(), MAX_PROBES)));
  }

  /** The 0x04 payload: at most 127 cells (255 data bytes), each clamped to 0-65535 mV. */
  static JbdCells cells(BmsSnapshot s) {
    List<Integer> mv = new ArrayList<>();
    for (int cell : s.cellMillivolts()) {
      if (mv.size() == 127) {
        break;
      }
      mv.add(clamp(cell, 0, 0xFFFF));
    }
    return new JbdCells(mv);
  }

  /** Rounds milli-units to the nearest 10 and clamps the count of tens to {@code [min, max]}. */
  private static int tens(int milli, int min, int max) {
    long units = Math.round(milli / 10.0);
    return (int) Math.max(min, Math.min(max, units)) * 10;
  }

  private static int clamp(int value, int min, int max) {
    return Math.max(min, Math.min(max, value));
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing emulator connection", e);
    }
  }
}
