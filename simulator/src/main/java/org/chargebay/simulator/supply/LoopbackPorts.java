package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.server.ModbusTcpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;

/** Loopback ports for the emulators' Modbus TCP servers. */
final class LoopbackPorts {
  private LoopbackPorts() {}

  /** A port that was free on 127.0.0.1 a moment ago. */
  static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  /** Starts {@code server}, bound to 127.0.0.1:{@code port}. */
  static void start(ModbusTcpServer server, int port) {
    try {
      server.start();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot bind 127.0.0.1:" + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding", e);
    }
  }
}
