package org.chargebay.supply;

import com.digitalpetri.modbus.MbapHeader;
import com.digitalpetri.modbus.ModbusTcpFrame;
import com.digitalpetri.modbus.client.ModbusTcpClientTransport;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Modbus TCP on a plain blocking socket: {@link #send} writes the request and reads its response in
 * the caller's thread, and hands the response to the client before it returns, so the client's
 * future is already complete when the bay loop waits on it. A bay loop owns its link (one request
 * in flight per link, {@link ModbusBus}), so the event-loop threads of an asynchronous transport
 * only add two thread hand-offs per request; at 1,000 bays polled five times a second those
 * hand-offs were most of the controller's CPU (BENCHMARKS.md, "Scale").
 *
 * <p>Deadlines: connecting is bounded by the connect timeout, a response by the request timeout
 * (the same one the client's own timer uses). A response that does not come in time is left to the
 * client's timer, which fails the request as a timeout exactly as with any other transport, and the
 * connection is dropped so that a late answer cannot be taken for the next request's. A frame with
 * another transaction id is handed to the client (which drops it) and the wait goes on. A peer that
 * closes the connection or sends a malformed header fails the request at once with a message saying
 * so. After any of these the next request connects again.
 */
final class BlockingTcpClientTransport implements ModbusTcpClientTransport {
  /** Unit id plus the largest Modbus PDU (253 bytes). */
  private static final int MAX_MBAP_LENGTH = 254;

  private final String host;
  private final int port;
  private final Duration connectTimeout;
  private final Duration responseTimeout;
  private final Object lock = new Object();
  private @Nullable Socket socket;
  private volatile @Nullable Consumer<ModbusTcpFrame> consumer;

  BlockingTcpClientTransport(
      String host, int port, Duration connectTimeout, Duration responseTimeout) {
    this.host = host;
    this.port = port;
    this.connectTimeout = connectTimeout;
    this.responseTimeout = responseTimeout;
  }

  @Override
  public CompletionStage<Void> connect() {
    synchronized (lock) {
      if (isConnected()) {
        return CompletableFuture.completedFuture(null);
      }
      Socket s = new Socket();
      try {
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), millis(connectTimeout));
        socket = s;
        return CompletableFuture.completedFuture(null);
      } catch (IOException e) {
        closeQuietly(s);
        return CompletableFuture.failedFuture(
            new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e));
      }
    }
  }

  @Override
  public CompletionStage<Void> disconnect() {
    synchronized (lock) {
      Socket s = socket;
      socket = null;
      if (s != null) {
        closeQuietly(s);
      }
      return CompletableFuture.completedFuture(null);
    }
  }

  @Override
  public boolean isConnected() {
    Socket s = socket;
    return s != null && s.isConnected() && !s.isClosed();
  }

  @Override
  public void receive(Consumer<ModbusTcpFrame> frameReceiver) {
    this.consumer = frameReceiver;
  }

  @Override
  public CompletionStage<Void> send(ModbusTcpFrame frame) {
    synchronized (lock) {
      Socket s = socket;
      if (s == null || s.isClosed()) {
        return CompletableFuture.failedFuture(
            new IOException("not connected to " + host + ":" + port));
      }
      int transactionId = frame.header().transactionId();
      try {
        s.getOutputStream().write(encode(frame));
        long deadline = System.nanoTime() + responseTimeout.toNanos();
        while (true) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break; // the client's timer fails the request as a timeout
          }
          s.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
          ModbusTcpFrame response = read(s.getInputStream());
          Consumer<ModbusTcpFrame> c = consumer;
          if (c != null) {
            c.accept(response);
          }
          if (response.header().transactionId() == transactionId) {
            break;
          }
        }
        return CompletableFuture.completedFuture(null);
      } catch (SocketTimeoutException e) {
        // no (whole) answer in time: the client's timer fails the request as a timeout; the
        // connection is dropped, so that a late or partial answer cannot be taken for the next
        // request's, and the next request connects again
        socket = null;
        closeQuietly(s);
        return CompletableFuture.completedFuture(null);
      } catch (IOException e) {
        socket = null;
        closeQuietly(s);
        return CompletableFuture.failedFuture(
            new IOException(host + ":" + port + ": " + e.getMessage(), e));
      }
    }
  }

  static byte[] encode(ModbusTcpFrame frame) {
    ByteBuffer pdu = frame.pdu().duplicate();
    MbapHeader h = frame.header();
    byte[] out = new byte[7 + pdu.remaining()];
    out[0] = (byte) (h.transactionId() >> 8);
    out[1] = (byte) h.transactionId();
    out[2] = (byte) (h.protocolId() >> 8);
    out[3] = (byte) h.protocolId();
    int length = 1 + pdu.remaining();
    out[4] = (byte) (length >> 8);
    out[5] = (byte) length;
    out[6] = (byte) h.unitId();
    pdu.get(out, 7, pdu.remaining());
    return out;
  }

  /** One MBAP frame; an {@link IOException} if the peer closed or the header is not Modbus TCP. */
  static ModbusTcpFrame read(InputStream in) throws IOException {
    byte[] header = readFully(in, 7);
    int transactionId = ((header[0] & 0xFF) << 8) | (header[1] & 0xFF);
    int protocolId = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
    int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
    int unitId = header[6] & 0xFF;
    if (protocolId != 0 || length < 2 || length > MAX_MBAP_LENGTH) {
      throw new IOException(
          "malformed Modbus TCP header (protocol id "
              + protocolId
              + ", length "
              + length
              + "; expected protocol id 0 and length 2.."
              + MAX_MBAP_LENGTH
              + ")");
    }
    byte[] pdu = readFully(in, length - 1);
    return new ModbusTcpFrame(
        new MbapHeader(transactionId, protocolId, length, unitId), ByteBuffer.wrap(pdu));
  }

  private static byte[] readFully(InputStream in, int n) throws IOException {
    byte[] b = new byte[n];
    int off = 0;
    while (off < n) {
      int r = in.read(b, off, n - off);
      if (r < 0) {
        throw new EOFException(
            off == 0 && n == 7
                ? "the peer closed the connection"
                : "the peer closed the connection in the middle of a frame");
      }
      off += r;
    }
    return b;
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing a broken socket: nothing left to release
    }
  }
}
