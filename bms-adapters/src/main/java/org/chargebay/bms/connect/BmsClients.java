package org.chargebay.bms.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsFamily;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.serial.SerialLink;
import org.chargebay.bms.transport.AntClient;
import org.chargebay.bms.transport.ByteLink;
import org.chargebay.bms.transport.DalyClient;
import org.chargebay.bms.transport.JbdClient;
import org.chargebay.bms.transport.JkClient;
import org.chargebay.bms.transport.PortChannel;
import org.chargebay.bms.transport.TcpLink;
import org.jspecify.annotations.Nullable;

/**
 * Opens a {@link BmsClient} for any family on any transport.
 *
 * <p>URLs:
 *
 * <ul>
 *   <li>{@code tcp://host:port}: an RS485-to-Ethernet gateway in transparent mode;
 *   <li>{@code serial:/dev/ttyUSB0} or {@code serial:/dev/ttyUSB0?baud=19200}: a serial line opened
 *       by path (also {@code /dev/pts/N} and socat links); a bare path starting with {@code /} is
 *       accepted too. Baud: the URL's {@code baud}, else {@link BmsOptions#baud()}, else the family
 *       default (JBD and Daly 9600, JK 115200, ANT 19200).
 * </ul>
 *
 * <p>Clients opened on the same port (same {@code tcp://host:port}, or the same serial path) share
 * one link and one lock, so several BMSes on one RS485 bus (JK PB addresses, Daly host addresses)
 * never have two requests in flight. The link closes when its last client closes.
 */
public final class BmsClients {

  private static final Map<String, Shared> PORTS = new HashMap<>();

  private BmsClients() {}

  /** A parsed URL. */
  public record Endpoint(String kind, String target, int port, @Nullable Integer baud) {

    /** The key clients share a port by. */
    String key() {
      return kind.equals("tcp") ? "tcp://" + target + ":" + port : "serial:" + target;
    }
  }

  /**
   * Opens a client. No I/O happens until the first call.
   *
   * @param family jbd, jk, daly or ant
   * @param url see the class comment
   * @throws IllegalArgumentException for an unknown family, a malformed URL, an unknown protocol
   *     for the family, or a serial port already open at another speed
   */
  public static BmsClient open(String family, String url, BmsOptions options) {
    Objects.requireNonNull(options, "options");
    BmsFamily f = BmsFamily.parse(Objects.requireNonNull(family, "family"));
    String protocol = protocol(f, options.protocol());
    Endpoint endpoint = parse(url);
    int baud =
        endpoint.baud() != null
            ? endpoint.baud()
            : options.baud() != null ? options.baud() : f.defaultBaud();
    Shared shared;
    synchronized (PORTS) {
      shared = PORTS.get(endpoint.key());
      if (shared == null) {
        ByteLink link =
            endpoint.kind().equals("tcp")
                ? new TcpLink(endpoint.target(), endpoint.port(), options.connectTimeout())
                : new SerialLink(endpoint.target(), baud);
        shared =
            new Shared(
                endpoint.key(), new PortChannel(link), endpoint.kind().equals("tcp") ? 0 : baud);
        PORTS.put(endpoint.key(), shared);
      } else if (endpoint.kind().equals("serial") && shared.baud != baud) {
        throw new IllegalArgumentException(
            "serial port "
                + endpoint.target()
                + " is already open at "
                + shared.baud
                + " baud, not "
                + baud);
      }
      shared.users++;
    }
    Shared s = shared;
    Runnable release = () -> release(s);
    switch (f) {
      case JBD:
        return new JbdClient(s.channel, options, release);
      case JK:
        return new JkClient(s.channel, options, protocol.equals("pb"), release);
      case DALY:
        return new DalyClient(s.channel, options, release);
      case ANT:
        return new AntClient(s.channel, options, protocol.equals("legacy"), release);
      default:
        throw new IllegalStateException("unhandled family " + f);
    }
  }

  /**
   * Parses a BMS URL.
   *
   * @throws IllegalArgumentException saying what is wrong and what is expected
   */
  public static Endpoint parse(String url) {
    Objects.requireNonNull(url, "url");
    String u = url.trim();
    if (u.startsWith("/")) {
      u = "serial:" + u;
    }
    String expected = "; expected tcp://host:port or serial:/dev/ttyUSB0[?baud=9600]";
    if (u.startsWith("tcp://")) {
      URI uri;
      try {
        uri = new URI(u);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("malformed BMS URL '" + url + "'" + expected, e);
      }
      if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 0xFFFF) {
        throw new IllegalArgumentException(
            "BMS URL '" + url + "' needs a host and a port 1-65535" + expected);
      }
      if (uri.getQuery() != null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
        throw new IllegalArgumentException(
            "BMS URL '" + url + "' has a path or query; a TCP gateway URL is only tcp://host:port");
      }
      return new Endpoint("tcp", uri.getHost(), uri.getPort(), null);
    }
    if (u.startsWith("serial:")) {
      String rest = u.substring("serial:".length());
      if (rest.startsWith("//")) {
        rest = rest.substring(2);
      }
      Integer baud = null;
      int q = rest.indexOf('?');
      if (q >= 0) {
        String query = rest.substring(q + 1);
        rest = rest.substring(0, q);
        for (String param : query.split("&")) {
          if (param.startsWith("baud=")) {
            try {
              baud = Integer.parseInt(param.substring(5));
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("baud in '" + url + "' is not a number", e);
            }
            if (baud < 300 || baud > 4_000_000) {
              throw new IllegalArgumentException("baud in '" + url + "' must be 300-4000000");
            }
          } else if (!param.isEmpty()) {
            throw new IllegalArgumentException(
                "unknown parameter '" + param + "' in '" + url + "'; only baud=N is supported");
          }
        }
      }
      if (!rest.startsWith("/")) {
        throw new IllegalArgumentException(
            "serial URL '" + url + "' needs an absolute device path" + expected);
      }
      return new Endpoint("serial", rest, 0, baud);
    }
    throw new IllegalArgumentException("unsupported BMS URL '" + url + "'" + expected);
  }

  /**
   * The protocol generation {@link #open} would use for {@code family} and {@code requested}, for
   * checking a configuration before anything is opened.
   *
   * @throws IllegalArgumentException for a protocol the family does not have
   */
  public static String protocol(String family, @Nullable String requested) {
    return protocol(BmsFamily.parse(family), requested);
  }

  private static String protocol(BmsFamily f, @Nullable String requested) {
    String p = requested == null ? null : requested.toLowerCase(Locale.ROOT);
    switch (f) {
      case JK:
        if (p == null || p.equals("tlv")) {
          return "tlv";
        }
        if (p.equals("pb")) {
          return "pb";
        }
        throw new IllegalArgumentException(
            "unknown JK protocol '" + requested + "'; expected tlv or pb");
      case ANT:
        if (p == null || p.equals("new")) {
          return "new";
        }
        if (p.equals("legacy")) {
          return "legacy";
        }
        throw new IllegalArgumentException(
            "unknown ANT protocol '" + requested + "'; expected new or legacy");
      default:
        if (p == null || p.equals(f.id())) {
          return f.id();
        }
        throw new IllegalArgumentException(
            f.id() + " has a single protocol; remove protocol '" + requested + "'");
    }
  }

  private static void release(Shared s) {
    synchronized (PORTS) {
      s.users--;
      if (s.users == 0) {
        PORTS.remove(s.key);
        s.channel.close();
      }
    }
  }

  private static final class Shared {
    final String key;
    final PortChannel channel;
    final int baud;
    int users;

    Shared(String key, PortChannel channel, int baud) {
      this.key = key;
      this.channel = channel;
      this.baud = baud;
    }
  }
}
