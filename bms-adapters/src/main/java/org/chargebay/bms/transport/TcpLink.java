package org.chargebay.bms.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A TCP connection to an RS485/RS232-to-Ethernet gateway in transparent mode. Opened lazily, and
 * re-opened on the next call after {@link #reset()}.
 */
public final class TcpLink implements ByteLink {

  private final String host;
  private final int port;
  private final int connectTimeoutMillis;
  private @Nullable Socket socket;
  private volatile boolean closed;

  /**
   * @param port 1-65535
   * @param connectTimeout how long opening the connection may take
   */
  public TcpLink(String host, int port, Duration connectTimeout) {
    if (port < 1 || port > 0xFFFF) {
      throw new IllegalArgumentException("port must be 1-65535, was " + port);
    }
    this.host = host;
    this.port = port;
    this.connectTimeoutMillis =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
  }

  private Socket socket() throws IOException {
    if (closed) {
      throw new IOException(describe() + " is closed");
    }
    Socket s = socket;
    if (s == null) {
      s = new Socket();
      try {
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
      } catch (IOException e) {
        s.close();
        throw e;
      }
      socket = s;
    }
    return s;
  }

  @Override
  public void write(byte[] data) throws IOException {
    Socket s = socket();
    s.getOutputStream().write(data);
    s.getOutputStream().flush();
  }

  @Override
  public int read(byte[] buffer, int timeoutMillis) throws IOException {
    Socket s = socket();
    s.setSoTimeout(Math.max(1, timeoutMillis));
    try {
      return s.getInputStream().read(buffer);
    } catch (SocketTimeoutException e) {
      return 0;
    }
  }

  @Override
  public void discardInput() throws IOException {
    Socket s = socket();
    InputStream in = s.getInputStream();
    byte[] sink = new byte[256];
    while (in.available() > 0) {
      if (in.read(sink, 0, Math.min(sink.length, in.available())) < 0) {
        break;
      }
    }
  }

  @Override
  public void reset() {
    Socket s = socket;
    socket = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // abandoning the socket
      }
    }
  }

  @Override
  public String describe() {
    return "tcp://" + host + ":" + port;
  }

  @Override
  public void close() {
    closed = true;
    reset();
  }
}
