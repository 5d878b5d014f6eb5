package org.chargebay.simulator.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.bms.jk.JkFrameSpec;
import org.chargebay.simulator.jk.JkResponder;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Two JK PB boards (addresses 1 and 2) on one bus behind one gateway: two clients share the port
 * (one request in flight) and each reads its own board, checked by the acknowledgement's address.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MultiDropIT {

  @Test
  void two_pb_boards_on_one_bus_are_read_by_address() throws Exception {
    FakePack one = new FakePack();
    FakePack two = new FakePack();
    two.current(-7000);
    MultiDropResponder bus =
        new MultiDropResponder(
            JkFrameSpec.PB_TRIGGER_ANY,
            List.of(
                new MultiDropResponder.Board(JkResponder.pb(1), one),
                new MultiDropResponder.Board(JkResponder.pb(2), two)));
    try (StreamEmulator emulator =
        StreamEmulator.onTcp(bus, new FakePack(), new FakePack.ManualClock())) {
      String url = "tcp://127.0.0.1:" + emulator.port();
      try (BmsClient a =
              BmsClients.open(
                  "jk",
                  url,
                  BmsOptions.create(
                      o -> o.protocol("pb").address(1).responseTimeout(Families.TIMEOUT)));
          BmsClient b =
              BmsClients.open(
                  "jk",
                  url,
                  BmsOptions.create(
                      o -> o.protocol("pb").address(2).responseTimeout(Families.TIMEOUT)));
          BmsClient absent =
              BmsClients.open(
                  "jk",
                  url,
                  BmsOptions.create(
                      o -> o.protocol("pb").address(3).responseTimeout(Families.TIMEOUT)))) {
        for (int i = 0; i < 3; i++) {
          assertThat(a.read().currentMilliamps()).isEqualTo(FakePack.CURRENT_MA);
          assertThat(b.read().currentMilliamps()).isEqualTo(-7000);
        }
        assertThatThrownBy(absent::read)
            .isInstanceOf(BmsException.class)
            .hasMessageContaining("address 3");
        assertThat(a.read().currentMilliamps()).isEqualTo(FakePack.CURRENT_MA);
      }
    }
  }
}
