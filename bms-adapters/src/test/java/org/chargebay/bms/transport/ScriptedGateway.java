package org.chargebay.bms.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.chargebay.bms.framing.FrameAccumulator;
import org.chargebay.bms.framing.FrameSpec;

/**
 * A fake RS485-to-Ethernet gateway on loopback for the BMS client tests: it frames each request
 * with the family's {@link FrameSpec}, records it, and answers with what the test's responder
 * returns, in chunks of {@link #chunkSize} bytes (a {@code null} answer hangs up).
 */
final class ScriptedGateway implements AutoCloseable {
  private final ServerSocket server;
  private final FrameSpec requestSpec;
  private final List<byte[]> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile Function<byte[], byte[]> responder;
  private volatile int chunkSize = Integer.MAX_VALUE;

  private ScriptedGateway(
      ServerSocket server, FrameSpec requestSpec, Function<byte[], byte[]> responder) {
    this.server = server;
    this.requestSpec = requestSpec;
    this.responder = responder;
    Thread acceptor = new Thread(this::acceptLoop, "scripted-gateway");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Listens on a free loopback port, answering with {@code responder} until told otherwise. */
  static ScriptedGateway start(FrameSpec requestSpec, Function<byte[], byte[]> responder) {
    try {
      ServerSocket server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return new ScriptedGateway(server, requestSpec, responder);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  int port() {
    return server.getLocalPort();
  }

  void respond(Function<byte[], byte[]> responder) {
    this.responder = responder;
  }

  void chunkSize(int chunkSize) {
    this.chunkSize = chunkSize;
  }

  List<byte[]> requests() {
    return List.copyOf(requests);
  }

  int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    try {
      server.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    } catch (IOException ignored) {
      // test teardown
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        connections.incrementAndGet();
        Thread worker = new Thread(() -> serve(socket), "scripted-gateway-conn");
        worker.setDaemon(true);
        worker.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    FrameAccumulator accumulator = new FrameAccumulator(requestSpec);
    byte[] buffer = new byte[256];
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        for (byte[] request : accumulator.feed(buffer, 0, n)) {
          requests.add(request);
          byte[] reply = responder.apply(request);
          if (reply == null) {
            return;
          }
          for (int from = 0; from < reply.length; from += chunkSize) {
            out.write(reply, from, Math.min(chunkSize, reply.length - from));
            out.flush();
          }
        }
      }
    } catch (IOException closed) {
      // the client hung up
    }
  }
}
