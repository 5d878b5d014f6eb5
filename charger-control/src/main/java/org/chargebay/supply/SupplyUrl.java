package org.chargebay.supply;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A parsed supply address. Accepted forms:
 *
 * <ul>
 *   <li>{@code modbus-tcp://host[:port][?gap_ms=N]} (port 502 by default): Modbus TCP, e.g. a Riden
 *       with the riden-dongle firmware or an EA supply. No pacing unless {@code gap_ms} is given
 *       (set 100 for a stock-firmware Riden behind riden-dongle: under 10 requests/s).
 *   <li>{@code rtu:/dev/ttyUSB0[?baud=115200][&parity=none|even|odd]}: Modbus RTU over a serial
 *       port, 8 data bits, 1 stop bit. Baud defaults to 115200 (Riden, XY); DPS units need 9600.
 *   <li>{@code rtu-tcp://host:port}: RTU frames over TCP (transparent serial gateways).
 *   <li>{@code riden-wifi://bind-host:port[?peer=ip]}: listen (8080 on real units) for a stock
 *       Riden WiFi module to dial in, and be RTU master on its connection.
 *   <li>{@code dph:/dev/ttyUSB0[?baud=9600][&address=1]}: a JUNTEK DPH/DPM86xx in its ASCII "simple
 *       protocol".
 *   <li>{@code dph-tcp://host:port}: the same through a transparent serial-to-Ethernet gateway.
 * </ul>
 *
 * @param target host or serial path
 * @param port TCP port, or -1 for serial
 */
public record SupplyUrl(String scheme, String target, int port, Map<String, String> params) {

  public SupplyUrl {
    params = Map.copyOf(params);
  }

  /** Parses {@code url}. */
  public static SupplyUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("supply url '" + url + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw bad(url, "it has no scheme");
    }
    Map<String, String> params = query(url, uri.getRawQuery());
    switch (scheme) {
      case "modbus-tcp", "rtu-tcp", "riden-wifi", "dph-tcp" -> {
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
          throw new IllegalArgumentException("supply url '" + url + "' has no host");
        }
        int port = uri.getPort();
        if (port == -1) {
          port =
              switch (scheme) {
                case "modbus-tcp" -> 502;
                case "riden-wifi" -> 8080;
                default -> throw bad(url, scheme + " needs a port (" + scheme + "://host:port)");
              };
        }
        return new SupplyUrl(scheme, host, port, params);
      }
      case "rtu", "dph" -> {
        String path = uri.getPath();
        if (path == null || path.isBlank()) {
          throw bad(url, "it has no serial port path (e.g. " + scheme + ":/dev/ttyUSB0)");
        }
        return new SupplyUrl(scheme, path, -1, params);
      }
      default ->
          throw bad(
              url,
              "scheme must be modbus-tcp, rtu, rtu-tcp, riden-wifi or dph"
                  + " (e.g. modbus-tcp://10.0.0.5:502, rtu:/dev/ttyUSB0?baud=115200)");
    }
  }

  private static Map<String, String> query(String url, @Nullable String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw bad(url, "query part '" + pair + "' is not name=value");
      }
      out.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return out;
  }

  private static IllegalArgumentException bad(String url, String why) {
    return new IllegalArgumentException("supply url '" + url + "': " + why);
  }

  /** An integer parameter, or the default. */
  public int intParam(String name, int dflt) {
    String v = params.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "supply url parameter " + name + "=" + v + " is not a number");
    }
  }

  public @Nullable String param(String name) {
    return params.get(name);
  }
}
