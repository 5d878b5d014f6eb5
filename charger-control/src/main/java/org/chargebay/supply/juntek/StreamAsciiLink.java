package org.chargebay.supply.juntek;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.chargebay.supply.SupplyException;

/**
 * An ASCII link over a byte stream: a TCP socket to a serial gateway, or a serial port (see {@link
 * #serial}). A reply ends at a newline, or at the protocol's own end of reply ("ok", or a value
 * followed by '.' or ','), since units differ in what they send after it.
 */
public final class StreamAsciiLink implements AsciiLink {
  private final InputStream in;
  private final OutputStream out;
  private final AutoCloseable resource;
  private final String name;
  private final Duration timeout;
  private final TimeoutReader timeoutReader;

  /** Reads one byte, or -1 at end of stream; throws {@link SocketTimeoutException} on timeout. */
  @FunctionalInterface
  interface TimeoutReader {
    int read(InputStream in) throws IOException;
  }

  private StreamAsciiLink(
      String name,
      InputStream in,
      OutputStream out,
      AutoCloseable resource,
      Duration timeout,
      TimeoutReader reader) {
    this.name = name;
    this.in = in;
    this.out = out;
    this.resource = resource;
    this.timeout = timeout;
    this.timeoutReader = reader;
  }

  /** A TCP connection to {@code host:port} (a serial-to-Ethernet gateway, or the emulator). */
  public static StreamAsciiLink tcp(String host, int port, Duration timeout)
      throws SupplyException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      s.setTcpNoDelay(true);
      return new StreamAsciiLink(
          host + ":" + port,
          s.getInputStream(),
          s.getOutputStream(),
          s,
          timeout,
          InputStream::read);
    } catch (IOException e) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing to release
      }
      throw new SupplyException.Retriable(
          "cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** A serial port opened by path, 8N1 (jSerialComm; ptys are opened by name, not enumerated). */
  public static StreamAsciiLink serial(String path, int baud, Duration timeout)
      throws SupplyException {
    com.fazecast.jSerialComm.SerialPort port;
    try {
      port = com.fazecast.jSerialComm.SerialPort.getCommPort(path);
    } catch (com.fazecast.jSerialComm.SerialPortInvalidPortException e) {
      throw new SupplyException.Retriable(
          "cannot open serial port " + path + ": " + e.getMessage(), e);
    }
    port.setComPortParameters(
        baud,
        8,
        com.fazecast.jSerialComm.SerialPort.ONE_STOP_BIT,
        com.fazecast.jSerialComm.SerialPort.NO_PARITY);
    port.setComPortTimeouts(
        com.fazecast.jSerialComm.SerialPort.TIMEOUT_READ_SEMI_BLOCKING,
        (int) timeout.toMillis(),
        0);
    if (!port.openPort()) {
      throw new SupplyException.Retriable("cannot open serial port " + path, null);
    }
    return new StreamAsciiLink(
        path,
        port.getInputStream(),
        port.getOutputStream(),
        port::closePort,
        timeout,
        in -> {
          try {
            return in.read();
          } catch (com.fazecast.jSerialComm.SerialPortTimeoutException e) {
            throw new SocketTimeoutException("serial read timed out");
          }
        });
  }

  @Override
  public synchronized String exchange(String frame) throws SupplyException {
    try {
      while (in.available() > 0) {
        in.read(); // drop stale bytes of an answer that came too late
      }
      out.write((frame + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      StringBuilder reply = new StringBuilder();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        int b = timeoutReader.read(in);
        if (b < 0) {
          throw new SupplyException.Retriable("link to " + name + " closed", null);
        }
        char c = (char) b;
        if (c == '\n' || c == '\r') {
          if (reply.length() > 0) {
            return reply.toString();
          }
          continue;
        }
        reply.append(c);
        if (JuntekFrames.complete(reply)) {
          return reply.toString();
        }
      }
      throw new SupplyException.Retriable(
          "no answer from " + name + " to " + frame + " (timeout)", null);
    } catch (SocketTimeoutException e) {
      throw new SupplyException.Retriable(
          "no answer from " + name + " to " + frame + " (timeout)", e);
    } catch (IOException e) {
      throw new SupplyException.Retriable("link failure on " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      resource.close();
    } catch (
        Exception
            e) { // jSerialComm's closePort and Socket.close: nothing left to release either way
      // already closed
    }
  }
}
