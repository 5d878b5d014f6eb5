package org.chargebay.supply;

import com.digitalpetri.modbus.client.ModbusRtuClient;
import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.serial.client.SerialPortClientTransport;
import com.digitalpetri.modbus.tcp.client.NettyRtuClientTransport;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds supply drivers from a URL (forms in {@link SupplyUrl}). Every driver connects and
 * identifies the supply lazily, so a supply that is off when the controller starts does not stop
 * the bay from starting.
 *
 * <p>Serial ports are shared: every supply on one RS485 port gets the same {@link ModbusBus}, so
 * that one request at a time is in flight on the wire.
 */
public final class ModbusConnections {
  private ModbusConnections() {}

  private static final Map<String, ModbusBus> SERIAL_BUSES = new HashMap<>();

  /**
   * A lazily connecting driver for the supply at {@code url}.
   *
   * @param url see {@link SupplyUrl}
   * @param unitId Modbus slave id, 1..247 (for {@code dph:} the ASCII address 1..99)
   * @param model a model name to insist on, or null/"auto" to detect it; {@code WAVESHARE-RELAY}
   *     for a fixed charger on a relay channel (URL parameters {@code channel}, {@code charger_mv},
   *     {@code charger_ma}, {@code pulse_ms}); {@code EA} for an Elektro-Automatik PS/PSI
   *     9000/10000 over modbus-tcp (unit id 0 is used whatever {@code unitId} says; {@code
   *     socket_timeout_ms} = the device's register 10573, 5000 by default)
   * @param timeout per-request timeout (Riden stock firmware needs at least 500 ms)
   * @throws IllegalArgumentException with a sentence naming what is wrong with the URL
   */
  public static SupplyDriver open(
      String url, int unitId, @Nullable String model, Duration timeout) {
    if (unitId < 1 || unitId > 247) {
      throw new IllegalArgumentException("Modbus unit id must be 1..247, was " + unitId);
    }
    SupplyUrl u = SupplyUrl.parse(url);
    if ("dph".equals(u.scheme()) || "dph-tcp".equals(u.scheme())) {
      return org.chargebay.supply.juntek.JuntekConnections.open(u, unitId, model, timeout);
    }
    if ("riden-wifi".equals(u.scheme())) {
      return ridenWifi(u, unitId, model, timeout);
    }
    if (model != null && model.toUpperCase(java.util.Locale.ROOT).startsWith("EA")) {
      if (!"modbus-tcp".equals(u.scheme())) {
        throw new IllegalArgumentException(
            "supply url '" + url + "': EA supplies are driven over modbus-tcp://");
      }
      Duration socketTimeout = Duration.ofMillis(u.intParam("socket_timeout_ms", 5000));
      return new LazySupplyDriver(
          () -> {
            ModbusBus bus = bus(u, timeout);
            try {
              return org.chargebay.supply.ea.EaSupplyDriver.connect(bus, socketTimeout);
            } catch (SupplyException e) {
              bus.close();
              throw e;
            }
          });
    }
    if (RelaySwitchedCharger.MODEL.equalsIgnoreCase(model == null ? "" : model)) {
      int channel = u.intParam("channel", -1);
      int mv = u.intParam("charger_mv", -1);
      int ma = u.intParam("charger_ma", -1);
      if (channel < 0 || mv <= 0 || ma <= 0) {
        throw new IllegalArgumentException(
            "supply url '"
                + url
                + "': a relay-switched charger needs"
                + " ?channel=0..7&charger_mv=<nameplate mV>&charger_ma=<nameplate mA>[&pulse_ms=5000]");
      }
      Duration pulse = Duration.ofMillis(u.intParam("pulse_ms", 5000));
      return new LazySupplyDriver(
          () -> {
            ModbusBus bus = bus(u, timeout);
            try {
              return new RelaySwitchedCharger(bus, unitId, channel, mv, ma, pulse);
            } catch (SupplyException e) {
              bus.close();
              throw e;
            }
          });
    }
    return new LazySupplyDriver(
        () -> {
          ModbusBus bus = bus(u, timeout);
          try {
            return ModbusSupplyDriver.detect(bus, unitId, model);
          } catch (SupplyException e) {
            bus.close();
            throw e;
          }
        });
  }

  /** The Modbus bus for a URL (serial buses are shared between units on the same port). */
  static ModbusBus bus(SupplyUrl u, Duration timeout) throws SupplyException {
    return switch (u.scheme()) {
      case "modbus-tcp" ->
          new ModbusBus(
              u.target() + ":" + u.port(),
              () ->
                  ModbusTcpClient.create(
                      new BlockingTcpClientTransport(u.target(), u.port(), timeout, timeout),
                      cfg -> cfg.requestTimeout = timeout),
              ModbusBus.Policy.tcp(Duration.ofMillis(u.intParam("gap_ms", 0))));
      case "rtu-tcp" ->
          new ModbusBus(
              u.target() + ":" + u.port() + " (RTU over TCP)",
              () ->
                  ModbusRtuClient.create(
                      NettyRtuClientTransport.create(
                          cfg -> {
                            cfg.hostname = u.target();
                            cfg.port = u.port();
                            cfg.connectTimeout = timeout;
                            cfg.connectPersistent = false;
                          }),
                      cfg -> cfg.requestTimeout = timeout),
              ModbusBus.Policy.rtu());
      case "rtu" -> serialBus(u, timeout);
      default -> throw new IllegalArgumentException("not a Modbus url: " + u.scheme());
    };
  }

  private static ModbusBus serialBus(SupplyUrl u, Duration timeout) {
    int baud = u.intParam("baud", 115_200);
    String parityName = u.param("parity") == null ? "none" : u.param("parity");
    int parity =
        switch (parityName) {
          case "none" -> 0; // jSerialComm SerialPort.NO_PARITY
          case "odd" -> 1; // ODD_PARITY
          case "even" -> 2; // EVEN_PARITY
          default ->
              throw new IllegalArgumentException(
                  "parity must be none, even or odd, was " + parityName);
        };
    String key = u.target();
    synchronized (SERIAL_BUSES) {
      ModbusBus shared = SERIAL_BUSES.get(key);
      if (shared != null) {
        return shared.retain();
      }
      ModbusBus bus =
          new ModbusBus(
              key + " @" + baud,
              () ->
                  ModbusRtuClient.create(
                      SerialPortClientTransport.create(
                          cfg -> {
                            cfg.serialPort = u.target();
                            cfg.baudRate = baud;
                            cfg.parity = parity;
                          }),
                      cfg -> cfg.requestTimeout = timeout),
              ModbusBus.Policy.rtu());
      bus.onLastClose(
          () -> {
            synchronized (SERIAL_BUSES) {
              SERIAL_BUSES.remove(key);
            }
          });
      SERIAL_BUSES.put(key, bus);
      return bus;
    }
  }

  /**
   * The listener stays open for the driver's lifetime (the module re-dials every few seconds); each
   * (re)connect takes the newest connection from the supply.
   */
  private static SupplyDriver ridenWifi(
      SupplyUrl u, int unitId, @Nullable String model, Duration timeout) {
    RidenWifiListener[] listener = {null};
    return new LazySupplyDriver(
        () -> {
          if (listener[0] == null) {
            try {
              listener[0] = RidenWifiListener.listen(u.target(), u.port());
            } catch (IOException e) {
              throw new SupplyException.Retriable(
                  "cannot listen on "
                      + u.target()
                      + ":"
                      + u.port()
                      + " for Riden WiFi modules: "
                      + e.getMessage(),
                  e);
            }
          }
          Socket socket = listener[0].take(u.param("peer"), timeout);
          ModbusBus bus =
              new ModbusBus(
                  "riden-wifi " + socket.getRemoteSocketAddress(),
                  () ->
                      ModbusRtuClient.create(
                          new SocketRtuClientTransport(socket),
                          cfg -> cfg.requestTimeout = timeout),
                  // the socket cannot be re-dialled from here: never rebuild; the lazy driver takes
                  // the next dial-in
                  new ModbusBus.Policy(
                      Duration.ZERO, 3, Duration.ofSeconds(1), Duration.ofSeconds(30), 0));
          try {
            return ModbusSupplyDriver.detect(bus, unitId, model);
          } catch (SupplyException e) {
            bus.close();
            throw e;
          }
        },
        () -> {
          if (listener[0] != null) {
            listener[0].close();
          }
        });
  }
}
