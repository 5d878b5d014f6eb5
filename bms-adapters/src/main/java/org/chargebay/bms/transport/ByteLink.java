package org.chargebay.bms.transport;

import java.io.IOException;

/**
 * A raw byte pipe to one BMS port: a serial line ({@code org.chargebay.bms.serial.SerialLink}) or a
 * TCP connection to an RS485-to-Ethernet gateway ({@link TcpLink}). Not thread-safe; {@link
 * PortChannel} serialises the requests of every client sharing the port.
 */
public interface ByteLink extends AutoCloseable {

  /** Writes all bytes (opening the link first if needed). */
  void write(byte[] data) throws IOException;

  /**
   * Reads what arrives within {@code timeoutMillis}.
   *
   * @return bytes read (at least 1), 0 if nothing arrived in time, -1 if the peer closed the link
   */
  int read(byte[] buffer, int timeoutMillis) throws IOException;

  /** Drops bytes already received but not read (a late reply to an earlier request). */
  void discardInput() throws IOException;

  /** Drops the connection after an error; the next call reopens it. */
  void reset();

  /** Where the link goes, for messages: {@code tcp://host:port} or {@code serial:/dev/ttyUSB0}. */
  String describe();

  @Override
  void close();
}
