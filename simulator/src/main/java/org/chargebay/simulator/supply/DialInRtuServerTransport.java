package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.ModbusRtuFrame;
import com.digitalpetri.modbus.ModbusRtuRequestFrameParser;
import com.digitalpetri.modbus.server.ModbusRequestContext.ModbusRtuRequestContext;
import com.digitalpetri.modbus.server.ModbusRtuServerTransport;
import com.digitalpetri.modbus.server.ModbusServerTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The server side of the stock Riden WiFi module: instead of listening, it connects to the
 * controller and answers RTU request frames arriving on that socket. One connection; a closed
 * socket ends it (as a real module would reconnect, a test can start another emulator).
 */
final class DialInRtuServerTransport implements ModbusRtuServerTransport {
  private final String host;
  private final int port;
  private volatile @Nullable Socket socket;
  private volatile @Nullable FrameReceiver<ModbusRtuRequestContext, ModbusRtuFrame> receiver;

  DialInRtuServerTransport(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public CompletionStage<Void> bind() {
    try {
      Socket s = new Socket();
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), 2000);
      socket = s;
      Thread t = new Thread(() -> serve(s), "riden-wifi-emulator-" + port);
      t.setDaemon(true);
      t.start();
      return CompletableFuture.completedFuture(null);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void serve(Socket s) {
    ModbusRtuRequestFrameParser parser = new ModbusRtuRequestFrameParser();
    byte[] buf = new byte[256];
    try (InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        byte[] chunk = new byte[n];
        System.arraycopy(buf, 0, chunk, 0, n);
        var state = parser.parse(chunk);
        if (state instanceof ModbusRtuRequestFrameParser.Accumulated a) {
          parser.reset();
          FrameReceiver<ModbusRtuRequestContext, ModbusRtuFrame> r = receiver;
          if (r == null) {
            continue;
          }
          ModbusRtuFrame response;
          try {
            response = r.receive(new ModbusRtuRequestContext() {}, a.frame());
          } catch (
              Exception e) { // the server signals "no answer" (unknown unit, silence) by throwing
            continue;
          }
          ByteBuffer pdu = response.pdu().duplicate();
          ByteBuffer crc = response.crc().duplicate();
          byte[] frame = new byte[1 + pdu.remaining() + crc.remaining()];
          frame[0] = (byte) response.unitId();
          pdu.get(frame, 1, pdu.remaining());
          crc.get(frame, frame.length - crc.remaining(), crc.remaining());
          out.write(frame);
          out.flush();
        } else if (state instanceof ModbusRtuRequestFrameParser.ParseError) {
          parser.reset();
        }
      }
    } catch (IOException e) {
      // the controller closed the connection
    }
  }

  @Override
  public CompletionStage<Void> unbind() {
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void receive(
      ModbusServerTransport.FrameReceiver<ModbusRtuRequestContext, ModbusRtuFrame> frameReceiver) {
    this.receiver = frameReceiver;
  }
}
