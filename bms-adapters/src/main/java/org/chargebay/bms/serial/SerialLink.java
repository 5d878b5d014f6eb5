package org.chargebay.bms.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import org.chargebay.bms.transport.ByteLink;
import org.jspecify.annotations.Nullable;

/**
 * A serial line opened by path with jSerialComm, 8N1 at the given speed. Works on USB adapters
 * ({@code /dev/ttyUSB0}) and on pseudo-terminals ({@code /dev/pts/N}, socat links), which {@code
 * SerialPort.getCommPorts()} does not list. Opened lazily; after {@link #reset()} the next call
 * re-opens it (a USB adapter that was unplugged and came back).
 */
public final class SerialLink implements ByteLink {

  private final String path;
  private final int baud;
  private @Nullable SerialPort port;
  private volatile boolean closed;

  /**
   * @param path the device path
   * @param baud 8N1 speed
   */
  public SerialLink(String path, int baud) {
    if (path.isBlank()) {
      throw new IllegalArgumentException("serial path is empty");
    }
    this.path = path;
    this.baud = baud;
  }

  private SerialPort port() throws IOException {
    if (closed) {
      throw new IOException(describe() + " is closed");
    }
    SerialPort p = port;
    if (p == null) {
      try {
        p = SerialPort.getCommPort(path);
      } catch (RuntimeException invalid) { // SerialPortInvalidPortException: no such device
        throw new IOException(
            "cannot open serial port " + path + ": " + invalid.getMessage(), invalid);
      }
      p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
      p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
      if (!p.openPort()) {
        throw new IOException(
            "cannot open serial port " + path + " (error " + p.getLastErrorCode() + ")");
      }
      port = p;
    }
    return p;
  }

  @Override
  public void write(byte[] data) throws IOException {
    SerialPort p = port();
    int written = p.writeBytes(data, data.length);
    if (written != data.length) {
      throw new IOException("short write on " + path + ": " + written + " of " + data.length);
    }
  }

  @Override
  public int read(byte[] buffer, int timeoutMillis) throws IOException {
    SerialPort p = port();
    p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, Math.max(1, timeoutMillis), 0);
    int n = p.readBytes(buffer, buffer.length);
    if (n < 0) {
      if (!p.isOpen()) {
        return -1;
      }
      throw new IOException("read error on " + path + " (error " + p.getLastErrorCode() + ")");
    }
    return n;
  }

  @Override
  public void discardInput() throws IOException {
    SerialPort p = port();
    byte[] sink = new byte[256];
    int available;
    while ((available = p.bytesAvailable()) > 0) {
      if (p.readBytes(sink, Math.min(sink.length, available)) <= 0) {
        break;
      }
    }
  }

  @Override
  public void reset() {
    SerialPort p = port;
    port = null;
    if (p != null) {
      p.closePort();
    }
  }

  @Override
  public String describe() {
    return "serial:" + path + "?baud=" + baud;
  }

  @Override
  public void close() {
    closed = true;
    reset();
  }
}
