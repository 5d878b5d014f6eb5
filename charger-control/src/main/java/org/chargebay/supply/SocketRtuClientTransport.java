package org.chargebay.supply;

import com.digitalpetri.modbus.ModbusRtuFrame;
import com.digitalpetri.modbus.ModbusRtuResponseFrameParser;
import com.digitalpetri.modbus.client.ModbusRtuClientTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * RTU framing over a socket that the <em>supply</em> opened: the stock Riden WiFi module dials in
 * to the controller (port 8080) and expects the controller to be RTU master on that connection
 * (pgreenland/RidenRD60xxMQTT README). digitalpetri's transports all dial out, so this adapts an
 * accepted socket. One reader thread per connection; a closed socket cannot be reconnected from
 * this side (the supply dials in again and a new transport takes the new socket).
 */
final class SocketRtuClientTransport implements ModbusRtuClientTransport {
  private final Socket socket;
  private final ModbusRtuResponseFrameParser parser = new ModbusRtuResponseFrameParser();
  private volatile @Nullable Consumer<ModbusRtuFrame> consumer;
  private volatile boolean open = true;
  private final Thread reader;

  SocketRtuClientTransport(Socket socket) {
    this.socket = socket;
    this.reader = new Thread(this::readLoop, "riden-wifi-" + socket.getRemoteSocketAddress());
    reader.setDaemon(true);
    reader.start();
  }

  private void readLoop() {
    byte[] buf = new byte[512];
    try {
      InputStream in = socket.getInputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        byte[] chunk = new byte[n];
        System.arraycopy(buf, 0, chunk, 0, n);
        ModbusRtuResponseFrameParser.ParserState state;
        synchronized (parser) {
          state = parser.parse(chunk);
          if (state instanceof ModbusRtuResponseFrameParser.Accumulated
              || state instanceof ModbusRtuResponseFrameParser.ParseError) {
            parser.reset();
          }
        }
        if (state instanceof ModbusRtuResponseFrameParser.Accumulated a) {
          Consumer<ModbusRtuFrame> c = consumer;
          if (c != null) {
            c.accept(a.frame());
          }
        }
      }
    } catch (IOException e) {
      // the supply went away; requests now fail as link failures
    } finally {
      open = false;
    }
  }

  @Override
  public CompletionStage<Void> connect() {
    return open
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.failedFuture(
            new IOException("the supply's dial-in connection is closed"));
  }

  @Override
  public CompletionStage<Void> disconnect() {
    open = false;
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public boolean isConnected() {
    return open && !socket.isClosed();
  }

  @Override
  public CompletionStage<Void> send(ModbusRtuFrame frame) {
    ByteBuffer pdu = frame.pdu().duplicate();
    ByteBuffer crc = frame.crc().duplicate();
    byte[] bytes = new byte[1 + pdu.remaining() + crc.remaining()];
    bytes[0] = (byte) frame.unitId();
    int pduLength = pdu.remaining();
    pdu.get(bytes, 1, pduLength);
    crc.get(bytes, 1 + pduLength, crc.remaining());
    try {
      OutputStream out = socket.getOutputStream();
      synchronized (this) {
        out.write(bytes);
        out.flush();
      }
      return CompletableFuture.completedFuture(null);
    } catch (IOException e) {
      open = false;
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void receive(Consumer<ModbusRtuFrame> frameReceiver) {
    this.consumer = frameReceiver;
  }

  @Override
  public void resetFrameParser() {
    synchronized (parser) {
      parser.reset();
    }
  }
}
