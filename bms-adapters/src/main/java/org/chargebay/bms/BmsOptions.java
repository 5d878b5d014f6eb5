package org.chargebay.bms;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How to talk to one BMS, for {@link org.chargebay.bms.transport.BmsClients#open}.
 *
 * @param baud serial speed; null for the family default (JBD and Daly 9600, JK 115200, ANT 19200,
 *     PROTOCOLS.md); ignored on TCP, where the gateway sets the line speed
 * @param responseTimeout how long one request waits for its (last) reply; default 500 ms (a
 *     16-frame Daly 0x95 reply takes 217 ms on the wire at 9600 baud)
 * @param connectTimeout TCP connect timeout; default 1 s
 * @param address the bus address where the protocol has one: JK PB Modbus address (default 1), Daly
 *     host address byte (default 0x40, RS485 port; 0x80 on UART/Bluetooth); null for the default.
 *     JBD, JK TLV and ANT do not address boards
 * @param protocol the protocol generation: JK {@code tlv} (default, {@code 4E 57}) or {@code pb}
 *     ({@code 55 AA EB 90}); ANT {@code new} (default, {@code 7E A1}) or {@code legacy} ({@code AA
 *     55 AA FF}); null for the default; JBD and Daly have one
 * @param conventions the disputed conventions for this bay
 */
public record BmsOptions(
    @Nullable Integer baud,
    Duration responseTimeout,
    Duration connectTimeout,
    @Nullable Integer address,
    @Nullable String protocol,
    BmsConventions conventions) {

  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMillis(500);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /** Every default. */
  public static final BmsOptions DEFAULTS =
      new BmsOptions(
          null,
          DEFAULT_RESPONSE_TIMEOUT,
          DEFAULT_CONNECT_TIMEOUT,
          null,
          null,
          BmsConventions.DEFAULTS);

  public BmsOptions {
    if (baud != null && (baud < 300 || baud > 4_000_000)) {
      throw new IllegalArgumentException("baud must be 300-4000000, was " + baud);
    }
    positive("responseTimeout", responseTimeout);
    positive("connectTimeout", connectTimeout);
    if (address != null && (address < 0 || address > 0xFF)) {
      throw new IllegalArgumentException("address must be 0-255, was " + address);
    }
    if (protocol != null) {
      protocol = protocol.trim().toLowerCase(Locale.ROOT);
    }
    Objects.requireNonNull(conventions, "conventions");
  }

  /** Defaults changed by {@code customizer}: {@code create(o -> o.baud(19200))}. */
  public static BmsOptions create(Consumer<Builder> customizer) {
    Builder b = new Builder();
    customizer.accept(b);
    return new BmsOptions(
        b.baud, b.responseTimeout, b.connectTimeout, b.address, b.protocol, b.conventions);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.toMillis() < 1 || d.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be 1 ms or more, was " + d);
    }
  }

  /** Mutable builder, starting from {@link #DEFAULTS}. */
  public static final class Builder {
    private @Nullable Integer baud;
    private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private @Nullable Integer address;
    private @Nullable String protocol;
    private BmsConventions conventions = BmsConventions.DEFAULTS;

    private Builder() {}

    public Builder baud(@Nullable Integer baud) {
      this.baud = baud;
      return this;
    }

    public Builder responseTimeout(Duration timeout) {
      this.responseTimeout = timeout;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder address(@Nullable Integer address) {
      this.address = address;
      return this;
    }

    public Builder protocol(@Nullable String protocol) {
      this.protocol = protocol;
      return this;
    }

    public Builder conventions(BmsConventions conventions) {
      this.conventions = conventions;
      return this;
    }
  }
}
