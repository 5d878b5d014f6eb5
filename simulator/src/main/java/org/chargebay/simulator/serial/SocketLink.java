package org.chargebay.simulator.serial;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.chargebay.bms.transport.ByteLink;

/** The emulator's side of one accepted TCP connection, as a {@link ByteLink}. */
final class SocketLink implements ByteLink {

  private final Socket socket;

  SocketLink(Socket socket) throws IOException {
    this.socket = socket;
    socket.setTcpNoDelay(true);
  }

  @Override
  public void write(byte[] data) throws IOException {
    socket.getOutputStream().write(data);
    socket.getOutputStream().flush();
  }

  @Override
  public int read(byte[] buffer, int timeoutMillis) throws IOException {
    socket.setSoTimeout(Math.max(1, timeoutMillis));
    try {
      return socket.getInputStream().read(buffer);
    } catch (SocketTimeoutException e) {
      return 0;
    }
  }

  @Override
  public void discardInput() {}

  @Override
  public void reset() {
    close();
  }

  @Override
  public String describe() {
    return "tcp-peer:" + socket.getRemoteSocketAddress();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // the connection is being dropped anyway
    }
  }
}
