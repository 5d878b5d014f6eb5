package org.chargebay.bms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BmsSnapshotTest {

  private static BmsSnapshot legacy() {
    return new BmsSnapshot(
        List.of(3300, 3310, 3320),
        9930,
        -1500,
        80,
        List.of(215, 220),
        true,
        false,
        0b101,
        0,
        12,
        40000,
        50000,
        3);
  }

  @Test
  void the_13_argument_constructor_fills_the_richer_components_neutrally() {
    BmsSnapshot s = legacy();
    assertThat(s.temperatures())
        .containsExactly(new Temperature("T1", 215), new Temperature("T2", 220));
    assertThat(s.mosfetTempDeciCelsius()).isNull();
    assertThat(s.balanceState()).isEqualTo(BalanceState.ACTIVE);
    assertThat(s.alarms()).isEmpty();
    assertThat(s.extras()).isEqualTo(new FamilyExtras.None());
    assertThat(s.rawFrames()).isEmpty();
    assertThat(s.cellMaxMillivolts()).isEqualTo(3320);
    assertThat(s.cellMinMillivolts()).isEqualTo(3300);
  }

  @Test
  void per_cell_balance_flags_follow_the_balance_bits() {
    BmsSnapshot s = legacy();
    assertThat(s.cellBalanceFlags()).containsExactly(true, false, true);
    assertThat(s.cellBalancing(0)).isFalse();
    assertThat(s.cellBalancing(65)).isFalse();
  }

  @Test
  void copies_are_immutable_and_alarms_accumulate() {
    BmsSnapshot s =
        legacy()
            .withAlarms(Set.of(BmsAlarm.CELL_OVERVOLTAGE))
            .withAlarms(Set.of(BmsAlarm.SHORT_CIRCUIT));
    assertThat(s.alarms()).containsExactly(BmsAlarm.CELL_OVERVOLTAGE, BmsAlarm.SHORT_CIRCUIT);
    BmsSnapshot raw = s.withRawFrames(List.of(RawFrame.of(new byte[] {(byte) 0xDD, 0x77})));
    assertThat(raw.rawFrames().get(0).hex()).isEqualTo("dd77");
    assertThat(raw.rawFrames().get(0).bytes()).containsExactly(0xDD, 0x77);
    assertThat(raw.packMillivolts()).isEqualTo(9930);
  }
}
