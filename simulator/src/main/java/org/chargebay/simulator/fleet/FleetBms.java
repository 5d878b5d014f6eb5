package org.chargebay.simulator.fleet;

import java.util.Locale;
import java.util.Optional;
import org.chargebay.bms.BmsConventions;
import org.chargebay.simulator.ant.AntResponder;
import org.chargebay.simulator.daly.DalyResponder;
import org.chargebay.simulator.jbd.JbdResponder;
import org.chargebay.simulator.jk.JkResponder;
import org.chargebay.simulator.serial.BmsResponder;

/**
 * The BMS family a fleet's bays emulate, each in the protocol generation the controller uses by
 * default for that family (JK TLV, ANT new protocol, Daly at host byte 0x40), so that the written
 * configuration needs no protocol or address keys.
 */
public enum FleetBms {
  JBD,
  JK,
  DALY,
  ANT;

  /** The name in {@code chargebay.bays.<id>.bms.family}. */
  public String family() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A new board of this family answering with the controller's default conventions. */
  BmsResponder responder() {
    return switch (this) {
      case JBD -> new JbdResponder();
      case JK -> JkResponder.tlv();
      case DALY -> new DalyResponder(true, BmsConventions.DEFAULTS.dalyCurrentSign());
      case ANT -> AntResponder.newProtocol(BmsConventions.DEFAULTS);
    };
  }

  /** Parses {@code jbd}, {@code jk}, {@code daly} or {@code ant}, in any case. */
  public static Optional<FleetBms> parse(String name) {
    for (FleetBms b : values()) {
      if (b.family().equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }
}
