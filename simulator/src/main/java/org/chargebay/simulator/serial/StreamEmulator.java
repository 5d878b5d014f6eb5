package org.chargebay.simulator.serial;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.framing.FrameAccumulator;
import org.chargebay.bms.transport.ByteLink;
import org.chargebay.simulator.BmsBackend;
import org.jspecify.annotations.Nullable;

/**
 * A BMS of any family (its {@link BmsResponder}) answering real frames from a {@link BmsBackend} on
 * a byte stream: a serial line given as a {@link ByteLink} (e.g. one end of a socat pty pair,
 * opened with {@code org.chargebay.bms.serial.SerialLink}) or loopback TCP (one thread per
 * connection). Requests may arrive in any fragmentation; {@link EmulatorFaults} switch the faults.
 */
public final class StreamEmulator implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(StreamEmulator.class.getName());
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final int POLL_MILLIS = 50;

  /**
   * A MOSFET command as received.
   *
   * @param charge requested charge state, null if unchanged
   * @param discharge requested discharge state, null if unchanged
   * @param applied false if the emulator was told to ignore it
   */
  public record MosfetCommand(
      @Nullable Boolean charge, @Nullable Boolean discharge, boolean applied) {}

  private final BmsResponder responder;
  private final BmsBackend backend;
  private final EmulatorFaults faults;
  private final @Nullable ServerSocket server;
  private final Set<ByteLink> links = ConcurrentHashMap.newKeySet();
  private final List<MosfetCommand> commands = new CopyOnWriteArrayList<>();
  private final int instance = INSTANCES.incrementAndGet();
  private volatile @Nullable BmsSnapshot frozenSnapshot;
  private volatile boolean closed;

  private StreamEmulator(
      BmsResponder responder, BmsBackend backend, Clock clock, @Nullable ServerSocket server) {
    this.responder = Objects.requireNonNull(responder, "responder");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.faults = new EmulatorFaults(clock);
    this.server = server;
  }

  /** Serves {@code link} (a serial line) on a daemon thread until {@link #close()}. */
  public static StreamEmulator onLink(
      BmsResponder responder, BmsBackend backend, ByteLink link, Clock clock) {
    StreamEmulator e = new StreamEmulator(responder, backend, clock, null);
    e.startServing(link, "link");
    return e;
  }

  /** Listens on an ephemeral 127.0.0.1 port ({@link #port()}). */
  public static StreamEmulator onTcp(BmsResponder responder, BmsBackend backend, Clock clock)
      throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    StreamEmulator e = new StreamEmulator(responder, backend, clock, server);
    Thread acceptor = new Thread(e::acceptLoop, "bms-emulator-" + e.instance + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return e;
  }

  /** The loopback TCP port, or -1 when serving a link. */
  public int port() {
    ServerSocket s = server;
    return s == null ? -1 : s.getLocalPort();
  }

  /** The switchable faults. */
  public EmulatorFaults faults() {
    return faults;
  }

  /** Every MOSFET command received (also while ignoring them), oldest first. */
  public List<MosfetCommand> mosfetCommands() {
    return List.copyOf(commands);
  }

  /** The fault "MOSFET state changed unasked": the board switches its charge MOSFET by itself. */
  public void changeChargeFetUnasked(boolean on) {
    BmsSnapshot now = backend.snapshot();
    backend.setFets(on, now.dischargeFet());
  }

  @Override
  public void close() {
    closed = true;
    ServerSocket s = server;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing emulator server", e);
      }
    }
    for (ByteLink link : links) {
      link.close();
    }
    links.clear();
  }

  private void acceptLoop() {
    ServerSocket s = Objects.requireNonNull(server);
    int n = 0;
    while (!closed) {
      try {
        Socket socket = s.accept();
        startServing(new SocketLink(socket), "conn-" + (++n));
      } catch (IOException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "BMS emulator stopped accepting", e);
        }
        return;
      }
    }
  }

  private void startServing(ByteLink link, String name) {
    links.add(link);
    if (closed) {
      link.close();
      return;
    }
    Thread t = new Thread(() -> serve(link), "bms-emulator-" + instance + "-" + name);
    t.setDaemon(true);
    t.start();
  }

  private void serve(ByteLink link) {
    FrameAccumulator accumulator = new FrameAccumulator(responder.requestSpec());
    byte[] buffer = new byte[512];
    try {
      while (!closed) {
        int n = link.read(buffer, POLL_MILLIS);
        if (n < 0) {
          return;
        }
        for (byte[] request : accumulator.feed(buffer, 0, Math.max(0, n))) {
          if (faults.mute() || !backend.answers()) {
            continue;
          }
          for (byte[] reply : responder.answer(request, snapshot(), this::mosfet)) {
            link.write(faulted(reply));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        LOG.log(System.Logger.Level.WARNING, "BMS emulator connection failed", e);
      }
    } finally {
      links.remove(link);
      link.close();
    }
  }

  private BmsSnapshot snapshot() {
    if (faults.frozen()) {
      BmsSnapshot frozen = frozenSnapshot;
      if (frozen == null) {
        frozen = backend.snapshot();
        frozenSnapshot = frozen;
      }
      return frozen;
    }
    frozenSnapshot = null;
    return backend.snapshot();
  }

  private void mosfet(@Nullable Boolean charge, @Nullable Boolean discharge) {
    boolean apply = !faults.ignoreMosfetCommands();
    commands.add(new MosfetCommand(charge, discharge, apply));
    if (apply) {
      BmsSnapshot now = backend.snapshot();
      backend.setFets(
          charge == null ? now.chargeFet() : charge,
          discharge == null ? now.dischargeFet() : discharge);
    }
  }

  private byte[] faulted(byte[] reply) {
    byte[] out = faults.truncate() ? Arrays.copyOf(reply, reply.length / 2) : reply.clone();
    if (faults.corrupt() && out.length > 0) {
      out[out.length / 2] ^= 0x10;
    }
    int garbage = faults.garbageBytes();
    if (garbage == 0) {
      return out;
    }
    byte[] noisy = new byte[garbage + out.length];
    for (int i = 0; i < garbage; i++) {
      noisy[i] = (byte) (0x13 + 7 * i); // deterministic noise
    }
    System.arraycopy(out, 0, noisy, garbage, out.length);
    return noisy;
  }
}
