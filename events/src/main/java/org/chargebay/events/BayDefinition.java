package org.chargebay.events;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A bay as an administrator configured it through the API: what {@code chargebay.bays.<id>.*} holds
 * for a bay of the configuration file, in integer milli-units and milliseconds. The controller
 * validates it before it is recorded; a recorded definition is the bay's configuration on every
 * later start.
 *
 * @param supply how the bay reaches its supply
 * @param bms how the bay reaches its BMS
 * @param profile what a start charges to
 * @param pollIntervalMillis how often the loop reads both devices
 * @param autoStart start a session as soon as telemetry is fresh (once per controller start)
 * @param cellMarginMillivolts a cell above ceiling + this is cut off
 * @param staleAfterMillis data older than this while charging is cut off
 * @param perCellMetrics export one voltage series per cell
 * @param packLabel the label of the pack on this bay when its BMS reports no hardware id; null if
 *     none
 */
public record BayDefinition(
    Supply supply,
    Bms bms,
    ChargeProfile profile,
    int pollIntervalMillis,
    boolean autoStart,
    int cellMarginMillivolts,
    int staleAfterMillis,
    boolean perCellMetrics,
    @Nullable String packLabel) {

  public BayDefinition {
    Objects.requireNonNull(supply, "supply");
    Objects.requireNonNull(bms, "bms");
    Objects.requireNonNull(profile, "profile");
  }

  /**
   * The supply of a bay.
   *
   * @param url {@code modbus-tcp://host:port}, a serial URL or another driver's URL
   * @param unit the Modbus unit id
   * @param model {@code auto} or a model name such as {@code RD6018}
   * @param timeoutMillis the per-request timeout
   * @param acceptNoHardwareLimits charge on a supply without settable OVP/OCP
   */
  public record Supply(
      String url, int unit, String model, int timeoutMillis, boolean acceptNoHardwareLimits) {}

  /**
   * The BMS of a bay.
   *
   * @param family {@code jbd}, {@code jk}, {@code daly} or {@code ant}; {@code none} for a pack
   *     without a smart BMS, which the administrator acknowledged explicitly
   * @param url {@code tcp://host:port} or {@code serial:/dev/ttyUSB0}; null with {@code none}
   * @param timeoutMillis the per-request timeout
   * @param protocol the protocol generation where a family has several, null for the default
   * @param address the bus address where the family has one, null for the default
   * @param baud the serial speed, null for the family's default
   */
  public record Bms(
      String family,
      @Nullable String url,
      int timeoutMillis,
      @Nullable String protocol,
      @Nullable Integer address,
      @Nullable Integer baud) {}
}
