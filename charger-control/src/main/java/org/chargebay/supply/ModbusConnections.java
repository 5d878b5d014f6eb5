package org.chargebay.supply;

import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Builds supply drivers from a URL such as {@code modbus-tcp://127.0.0.1:502}. */
public final class ModbusConnections {
  private ModbusConnections() {}

  /**
   * A lazily connecting driver for the supply at {@code url}.
   *
   * @param url {@code modbus-tcp://host:port} (RTU over serial comes with the serial transports)
   * @param unitId Modbus slave id, 1..247
   * @param model a model name to insist on, or null/"auto" to detect it
   * @param timeout per-request timeout (Riden stock firmware needs at least 500 ms)
   * @throws IllegalArgumentException with a sentence naming what is wrong with the URL
   */
  public static SupplyDriver open(String url, int unitId, @Nullable String model, Duration timeout) {
    if (unitId < 1 || unitId > 247) {
      throw new IllegalArgumentException("Modbus unit id must be 1..247, was " + unitId);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("supply url '" + url + "' is not a URL: " + e.getReason());
    }
    if (!"modbus-tcp".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "supply url '" + url + "': scheme must be modbus-tcp (e.g. modbus-tcp://10.0.0.5:502)");
    }
    String host = uri.getHost();
    int port = uri.getPort() == -1 ? 502 : uri.getPort();
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("supply url '" + url + "' has no host");
    }
    return new LazySupplyDriver(
        () -> {
          var transport =
              NettyTcpClientTransport.create(
                  cfg -> {
                    cfg.hostname = host;
                    cfg.port = port;
                    cfg.connectTimeout = timeout;
                    cfg.connectPersistent = false;
                  });
          var client = ModbusTcpClient.create(transport, cfg -> cfg.requestTimeout = timeout);
          try {
            return ModbusSupplyDriver.detect(client, unitId, model);
          } catch (SupplyException e) {
            try {
              client.disconnect();
            } catch (com.digitalpetri.modbus.exceptions.ModbusExecutionException ignored) {
              // the link is already down
            }
            throw e;
          }
        });
  }
}
