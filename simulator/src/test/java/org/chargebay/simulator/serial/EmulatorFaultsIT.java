package org.chargebay.simulator.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.MosfetReadBackException;
import org.chargebay.bms.connect.BmsClients;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every family's emulator on loopback TCP against the adapter opened by {@link BmsClients}: values
 * read back exactly, MOSFET control with read-back (and its failure report), and every fault, after
 * each of which the same client must work again.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EmulatorFaultsIT {

  static List<Families.Case> cases() {
    return Families.all();
  }

  private static void assertPack(BmsSnapshot s) {
    assertThat(s.cellMillivolts()).isEqualTo(FakePack.CELLS);
    assertThat(s.packMillivolts()).isEqualTo(FakePack.PACK_MV);
    assertThat(s.currentMilliamps()).isEqualTo(FakePack.CURRENT_MA);
    assertThat(s.socPercent()).isEqualTo(55);
    assertThat(s.tempDeciCelsius()).containsExactly(250, 240);
    assertThat(s.dischargeFet()).isTrue();
    assertThat(s.rawFrames()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reads_the_pack_and_switches_the_charge_mosfet_with_read_back(Families.Case c)
      throws Exception {
    FakePack pack = new FakePack();
    try (StreamEmulator emulator =
            StreamEmulator.onTcp(c.responder().get(), pack, new FakePack.ManualClock());
        BmsClient client =
            BmsClients.open(c.family(), "tcp://127.0.0.1:" + emulator.port(), c.options())) {
      BmsSnapshot s = client.read();
      assertPack(s);
      assertThat(s.chargeFet()).isTrue();
      if (!c.mosfetControl()) {
        assertThatThrownBy(() -> client.setChargeFet(false))
            .isInstanceOf(BmsException.class)
            .hasMessageContaining("not documented");
        assertThat(pack.charge()).isTrue();
        return;
      }
      client.setChargeFet(false);
      assertThat(pack.charge()).isFalse();
      assertThat(client.read().chargeFet()).isFalse();
      client.setChargeFet(true);
      assertThat(pack.charge()).isTrue();

      emulator.faults().ignoreMosfetCommands(true);
      assertThatThrownBy(() -> client.setChargeFet(false))
          .isInstanceOfSatisfying(
              MosfetReadBackException.class,
              e -> {
                assertThat(e.requested()).isFalse();
                assertThat(e.readBack().chargeFet()).isTrue();
              })
          .hasMessageContaining("did not switch the charge MOSFET off");
      assertThat(emulator.mosfetCommands())
          .last()
          .satisfies(
              cmd -> {
                assertThat(cmd.charge()).isFalse();
                assertThat(cmd.applied()).isFalse();
              });
      assertThat(pack.charge()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void survives_every_fault_and_stays_usable(Families.Case c) throws Exception {
    FakePack pack = new FakePack();
    FakePack.ManualClock clock = new FakePack.ManualClock();
    try (StreamEmulator emulator = StreamEmulator.onTcp(c.responder().get(), pack, clock);
        BmsClient client =
            BmsClients.open(c.family(), "tcp://127.0.0.1:" + emulator.port(), c.options())) {
      EmulatorFaults faults = emulator.faults();

      faults.silent(true);
      assertThatThrownBy(client::read)
          .isInstanceOf(BmsException.class)
          .hasMessageContaining("within");
      faults.clear();
      assertPack(client.read());

      faults.garbageBytes(7);
      assertPack(client.read());
      faults.clear();

      faults.truncate(true);
      assertThatThrownBy(client::read).isInstanceOf(BmsException.class);
      faults.clear();
      assertPack(client.read());

      faults.corrupt(true);
      assertThatThrownBy(client::read).isInstanceOf(BmsException.class);
      faults.clear();
      assertPack(client.read());

      faults.reboot(Duration.ofSeconds(30));
      assertThatThrownBy(client::read).isInstanceOf(BmsException.class);
      clock.advance(Duration.ofSeconds(31));
      assertPack(client.read());

      faults.frozen(true);
      assertPack(client.read());
      pack.current(-1000);
      assertThat(client.read().currentMilliamps()).isEqualTo(FakePack.CURRENT_MA);
      faults.frozen(false);
      assertThat(client.read().currentMilliamps()).isEqualTo(-1000);

      emulator.changeChargeFetUnasked(false);
      assertThat(client.read().chargeFet()).isFalse();
    }
  }
}
