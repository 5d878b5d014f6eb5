package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.serial.server.SerialPortServerTransport;
import com.digitalpetri.modbus.server.ModbusRtuServer;
import com.digitalpetri.modbus.server.ModbusServices;
import java.util.concurrent.ExecutionException;

/** A Modbus RTU server on a serial port opened by path (8N1), for the emulators' serial links. */
final class RtuSerialServer {
  private RtuSerialServer() {}

  /**
   * Starts serving {@code services} on {@code serialPath}; returns what stops it.
   *
   * @throws IllegalStateException if the port cannot be opened
   */
  static Runnable start(ModbusServices services, String serialPath, int baud) {
    ModbusRtuServer server =
        ModbusRtuServer.create(
            new CrcCheckedRtuServerTransport(
                SerialPortServerTransport.create(
                    cfg -> {
                      cfg.serialPort = serialPath;
                      cfg.baudRate = baud;
                    })),
            services);
    try {
      server.start();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot open " + serialPath + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening " + serialPath, e);
    }
    return () -> {
      try {
        server.stop();
      } catch (ExecutionException e) {
        // already stopped: nothing left to release
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }
}
