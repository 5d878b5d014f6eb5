package org.chargebay.bms.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.FrameError;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.framing.FrameAccumulator;
import org.chargebay.bms.jbd.JbdBasicInfo;
import org.chargebay.bms.jbd.JbdBms;
import org.chargebay.bms.jbd.JbdCells;
import org.chargebay.bms.jbd.JbdDecoder;
import org.chargebay.bms.jbd.JbdFrameSpec;
import org.chargebay.bms.jbd.JbdFrames;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BmsClient} for one JBD board behind a transparent RS485/UART-to-Ethernet gateway (TCP
 * server mode, raw bytes, the gateway's serial side at 9600 8N1).
 *
 * <ul>
 *   <li>{@link #read()} sends basic info (0x03), then cell voltages (0x04), and combines them.
 *   <li>{@link #setChargeFet(boolean)} writes register 0xE1 with the discharge MOSFET as last read
 *       (reading basic info first if nothing was read yet) and waits for the write ack.
 *   <li>Each request waits at most {@link Config#responseTimeout()} for its reply, so {@code
 *       read()} can take up to twice that.
 *   <li>One request is in flight at a time: the public methods are {@code synchronized}.
 *   <li>The connection is opened lazily. After any failure it is dropped and the next call
 *       reconnects, so a late reply to a timed-out request can never be taken for the answer to a
 *       new one.
 *   <li>Replies are cut by a {@link FrameAccumulator} (so gateway segmentation and line noise do
 *       not matter) and decoded by {@link JbdDecoder}. A valid frame for another register is
 *       skipped; any other rejected frame fails the call with its {@link FrameError#describe()}.
 * </ul>
 */
public final class JbdTcpClient implements BmsClient {

  private static final System.Logger LOG = System.getLogger(JbdTcpClient.class.getName());

  /**
   * Connection settings.
   *
   * @param host the gateway's host name or address
   * @param port the gateway's TCP port, 1-65535
   * @param responseTimeout how long one request waits for its reply; default 300 ms (a 0x03 reply
   *     of ~40 bytes takes ~42 ms at 9600 baud, and boards answer within ~100 ms)
   * @param connectTimeout how long opening the TCP connection may take; default 1 s
   */
  public record Config(String host, int port, Duration responseTimeout, Duration connectTimeout) {

    /** Default for {@link #responseTimeout()}. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMillis(300);

    /** Default for {@link #connectTimeout()}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    public Config {
      Objects.requireNonNull(host, "host");
      if (port < 1 || port > 0xFFFF) {
        throw new IllegalArgumentException("port must be 1-65535, was " + port);
      }
      requirePositiveMillis("responseTimeout", responseTimeout);
      requirePositiveMillis("connectTimeout", connectTimeout);
    }

    /** Builds a config: {@code Config.create(c -> c.host("10.0.0.7").port(4196))}. */
    public static Config create(Consumer<Builder> customizer) {
      Builder builder = new Builder();
      customizer.accept(builder);
      return builder.build();
    }

    private static void requirePositiveMillis(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.toMillis() < 1 || value.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(name + " must be 1 ms or more, was " + value);
      }
    }

    /** Mutable builder for {@link Config}; host and port are required. */
    public static final class Builder {
      private @Nullable String host;
      private int port;
      private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
      private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

      private Builder() {}

      public Builder host(String host) {
        this.host = host;
        return this;
      }

      public Builder port(int port) {
        this.port = port;
        return this;
      }

      public Builder responseTimeout(Duration responseTimeout) {
        this.responseTimeout = responseTimeout;
        return this;
      }

      public Builder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
      }

      public Config build() {
        if (host == null) {
          throw new IllegalStateException("host is required");
        }
        return new Config(host, port, responseTimeout, connectTimeout);
      }
    }
  }

  private final Config config;
  private final FrameAccumulator accumulator = new FrameAccumulator(JbdFrameSpec.RESPONSE);
  private final Deque<byte[]> pending = new ArrayDeque<>();
  private final byte[] readBuffer = new byte[512];
  private volatile @Nullable Socket socket;
  private volatile boolean closed;
  private @Nullable Boolean lastDischargeFet;

  /** A client with the default timeouts. */
  public JbdTcpClient(String host, int port) {
    this(Config.create(c -> c.host(host).port(port)));
  }

  /** A client with a custom response timeout and the default connect timeout. */
  public JbdTcpClient(String host, int port, Duration responseTimeout) {
    this(Config.create(c -> c.host(host).port(port).responseTimeout(responseTimeout)));
  }

  /** A client with explicit settings. No I/O happens until the first call. */
  public JbdTcpClient(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The settings this client was built with. */
  public Config config() {
    return config;
  }

  @Override
  public synchronized BmsSnapshot read() throws BmsException {
    JbdBasicInfo info = readBasicInfo();
    JbdCells cells =
        exchange(JbdFrames.readCells(), JbdFrames.REG_CELLS, JbdDecoder::decodeCells, "cells");
    return JbdBms.snapshot(info, cells);
  }

  /** Reads only basic info (0x03); also refreshes the discharge FET state used for writes. */
  public synchronized JbdBasicInfo readBasicInfo() throws BmsException {
    JbdBasicInfo info =
        exchange(
            JbdFrames.readBasicInfo(),
            JbdFrames.REG_BASIC_INFO,
            JbdDecoder::decodeBasicInfo,
            "basic info");
    lastDischargeFet = info.dischargeFet();
    return info;
  }

  @Override
  public synchronized void setChargeFet(boolean on) throws BmsException {
    Boolean dischargeOn = lastDischargeFet;
    if (dischargeOn == null) {
      dischargeOn = readBasicInfo().dischargeFet();
    }
    exchange(
        JbdFrames.writeMosfets(on, dischargeOn),
        JbdFrames.REG_MOSFET_CONTROL,
        frame -> JbdDecoder.decodeWriteAck(frame, JbdFrames.REG_MOSFET_CONTROL),
        "MOSFET write");
  }

  /**
   * Closes the connection. Idempotent; a call blocked in another thread fails promptly, and later
   * calls throw {@link BmsException}.
   */
  @Override
  public void close() {
    closed = true;
    disconnect();
  }

  @Override
  public String toString() {
    return "JbdTcpClient[" + endpoint() + "]";
  }

  // ---------------------------------------------------------------- exchange

  /**
   * Sends one request and waits for the decoded reply. On any failure the connection is dropped
   * (the next call reconnects) and a {@link BmsException} says what happened.
   */
  private <T> T exchange(
      byte[] request, int register, Function<byte[], DecodeResult<T>> decoder, String what)
      throws BmsException {
    if (closed) {
      throw new BmsException("JBD client for " + endpoint() + " is closed");
    }
    try {
      Socket connected = connect();
      discardStaleInput(connected);
      OutputStream out = connected.getOutputStream();
      out.write(request);
      out.flush();
      return awaitReply(connected, register, decoder, what);
    } catch (BmsException e) {
      disconnect();
      throw e;
    } catch (IOException e) {
      disconnect();
      if (closed) {
        throw new BmsException("JBD client for " + endpoint() + " is closed", e);
      }
      throw new BmsException(
          "I/O error talking to JBD gateway " + endpoint() + " (" + what + "): " + e, e);
    }
  }

  private <T> T awaitReply(
      Socket connected, int register, Function<byte[], DecodeResult<T>> decoder, String what)
      throws IOException, BmsException {
    long timeoutNanos = config.responseTimeout().toNanos();
    long deadline = System.nanoTime() + timeoutNanos;
    InputStream in = connected.getInputStream();
    int skipped = 0;
    while (true) {
      while (!pending.isEmpty()) {
        byte[] frame = pending.removeFirst();
        DecodeResult<T> result = decoder.apply(frame);
        if (result instanceof Decoded<T> decoded) {
          return decoded.value();
        }
        Rejected<T> rejected = (Rejected<T>) result;
        if (rejected.error() instanceof FrameError.UnexpectedRegister) {
          skipped++; // a stray reply for another register: keep waiting for ours
          continue;
        }
        throw new BmsException(
            String.format(
                Locale.ROOT,
                "JBD %s reply from %s rejected: %s Frame: %s",
                what,
                endpoint(),
                rejected.error().describe(),
                rejected.hex()));
      }
      long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (remainingMillis < 1) {
        throw timeout(register, what, skipped);
      }
      connected.setSoTimeout((int) remainingMillis);
      int n;
      try {
        n = in.read(readBuffer);
      } catch (SocketTimeoutException e) {
        throw timeout(register, what, skipped);
      }
      if (n < 0) {
        throw new BmsException(
            "JBD gateway " + endpoint() + " closed the connection while waiting for " + what);
      }
      pending.addAll(accumulator.feed(readBuffer, 0, n));
    }
  }

  private BmsException timeout(int register, String what, int skipped) {
    String detail =
        skipped == 0 ? "" : " (" + skipped + " frame(s) for other registers were skipped)";
    return new BmsException(
        String.format(
            Locale.ROOT,
            "No %s reply (register 0x%02X) from JBD gateway %s within %d ms%s",
            what,
            register,
            endpoint(),
            config.responseTimeout().toMillis(),
            detail));
  }

  /** Drops bytes that arrived unasked (a gateway may replay a late reply on a new connection). */
  private void discardStaleInput(Socket connected) throws IOException {
    InputStream in = connected.getInputStream();
    int available = in.available();
    while (available > 0) {
      int n = in.read(readBuffer, 0, Math.min(available, readBuffer.length));
      if (n < 0) {
        break;
      }
      available = in.available();
    }
    accumulator.reset();
    pending.clear();
  }

  private Socket connect() throws BmsException {
    Socket current = socket;
    if (current != null) {
      return current;
    }
    Socket fresh = new Socket();
    try {
      fresh.setTcpNoDelay(true);
      fresh.connect(
          new InetSocketAddress(config.host(), config.port()),
          (int) config.connectTimeout().toMillis());
    } catch (ConnectException e) {
      closeQuietly(fresh);
      throw new BmsException(
          "Cannot connect to JBD gateway " + endpoint() + ": connection refused", e);
    } catch (SocketTimeoutException e) {
      closeQuietly(fresh);
      throw new BmsException(
          "Cannot connect to JBD gateway "
              + endpoint()
              + ": no answer within "
              + config.connectTimeout().toMillis()
              + " ms",
          e);
    } catch (UnknownHostException e) {
      closeQuietly(fresh);
      throw new BmsException("Cannot connect to JBD gateway " + endpoint() + ": unknown host", e);
    } catch (IOException e) {
      closeQuietly(fresh);
      throw new BmsException("Cannot connect to JBD gateway " + endpoint() + ": " + e, e);
    }
    accumulator.reset();
    pending.clear();
    socket = fresh;
    if (closed) { // close() raced with the connect
      disconnect();
      throw new BmsException("JBD client for " + endpoint() + " is closed");
    }
    LOG.log(System.Logger.Level.DEBUG, "connected to JBD gateway {0}", endpoint());
    return fresh;
  }

  private void disconnect() {
    Socket current = socket;
    socket = null;
    if (current != null) {
      closeQuietly(current);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing useful to do: the socket is being abandoned
    }
  }

  private String endpoint() {
    return config.host() + ":" + config.port();
  }
}
