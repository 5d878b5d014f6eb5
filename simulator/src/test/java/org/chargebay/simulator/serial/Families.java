package org.chargebay.simulator.serial;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsOptions;
import org.chargebay.simulator.ant.AntResponder;
import org.chargebay.simulator.daly.DalyResponder;
import org.chargebay.simulator.jbd.JbdResponder;
import org.chargebay.simulator.jk.JkResponder;

/** Every family and protocol generation, with its responder and client options. */
final class Families {

  /**
   * One protocol generation.
   *
   * @param family the BmsClients family name
   * @param mosfetControl whether the protocol has a documented charge-MOSFET command
   */
  record Case(
      String name,
      String family,
      Supplier<BmsResponder> responder,
      BmsOptions options,
      boolean mosfetControl) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final Duration TIMEOUT = Duration.ofMillis(800); // generous: CI machines are shared

  private Families() {}

  static List<Case> all() {
    return List.of(
        new Case("jbd", "jbd", JbdResponder::new, options(null, null), true),
        new Case("jk-tlv", "jk", JkResponder::tlv, options("tlv", null), true),
        new Case("jk-pb", "jk", () -> JkResponder.pb(1), options("pb", 1), false),
        new Case(
            "daly",
            "daly",
            () -> new DalyResponder(true, BmsConventions.DEFAULTS.dalyCurrentSign()),
            options(null, 0x40),
            true),
        new Case(
            "ant-new",
            "ant",
            () -> AntResponder.newProtocol(BmsConventions.DEFAULTS),
            options("new", null),
            false),
        new Case(
            "ant-legacy",
            "ant",
            () -> AntResponder.legacy(BmsConventions.DEFAULTS),
            options("legacy", null),
            true));
  }

  private static BmsOptions options(String protocol, Integer address) {
    return BmsOptions.create(o -> o.protocol(protocol).address(address).responseTimeout(TIMEOUT));
  }
}
