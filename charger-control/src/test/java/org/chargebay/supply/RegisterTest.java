package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RegisterTest {

  @Test
  void centi_registers_scale_exactly_to_milli_units_and_round_half_up_on_write() {
    Register v = Register.u16("v", 8, -2);
    assertThat(v.toMilli(5234)).isEqualTo(52_340);
    assertThat(v.fromMilli(52_340)).isEqualTo(5234);
    assertThat(v.fromMilli(52_344)).isEqualTo(5234);
    assertThat(v.fromMilli(52_345)).isEqualTo(5235);
    assertThat(v.stepMilli()).isEqualTo(10);
  }

  @Test
  void registers_finer_than_milli_round_on_read_and_scale_exactly_on_write() {
    Register i = Register.u16("i", 9, -4); // RD6006P: 0.1 mA
    assertThat(i.toMilli(12_345)).isEqualTo(1_235);
    assertThat(i.toMilli(12_344)).isEqualTo(1_234);
    assertThat(i.fromMilli(1_234)).isEqualTo(12_340);
    assertThat(i.stepMilli()).isEqualTo(1);
  }

  @Test
  void sign_magnitude_pairs_and_low_word_first_pairs_decode() {
    int[] block = {1, 12, 0x0001, 0x0002};
    assertThat(Register.signMagnitude("t", 4, 0).rawFrom(block, 4)).isEqualTo(-12);
    assertThat(Register.u32("p", 6, 0).rawFrom(block, 4)).isEqualTo(0x0001_0002L);
    assertThat(Register.u32LowFirst("ah", 6, 0).rawFrom(block, 4)).isEqualTo(0x0002_0001L);
  }

  @Test
  void rd6006_current_is_milliamps_while_rd6018_is_centiamps() {
    assertThat(Rd60xxModels.RD6006.setCurrent().toMilli(1234)).isEqualTo(1234);
    assertThat(Rd60xxModels.RD6018.setCurrent().toMilli(1234)).isEqualTo(12_340);
  }

  @Test
  void dps5015_and_dps5020_currents_are_centiamps_while_dps5005_is_milliamps() {
    assertThat(DpsModels.DPS5015.setCurrent().toMilli(1234)).isEqualTo(12_340);
    assertThat(DpsModels.DPS5020.outCurrent().toMilli(1234)).isEqualTo(12_340);
    assertThat(DpsModels.DPS5005.setCurrent().toMilli(1234)).isEqualTo(1_234);
    assertThat(DpsModels.DPH5005.outCurrent().toMilli(1234)).isEqualTo(1_234);
  }

  @Test
  void the_rd6012p_current_scale_follows_its_range_register() {
    RegisterMap.CurrentRange range = Rd60xxModels.RD6012P.currentRange();
    assertThat(range).isNotNull();
    assertThat(range.selector().address()).isEqualTo(20);
    assertThat(
            Rd60xxModels.RD6012P
                .setCurrent()
                .withScale(range.scalePow10ByValue().get(0))
                .toMilli(12_345))
        .as("6 A range: 0.1 mA counts")
        .isEqualTo(1_235);
    assertThat(
            Rd60xxModels.RD6012P
                .setCurrent()
                .withScale(range.scalePow10ByValue().get(1))
                .toMilli(12_345))
        .as("12 A range: 1 mA counts")
        .isEqualTo(12_345);
  }

  @Test
  void model_ids_map_to_models() {
    assertThat(Rd60xxModels.byModelId(60181).orElseThrow().model()).isEqualTo("RD6018");
    assertThat(Rd60xxModels.byModelId(60062).orElseThrow().model()).isEqualTo("RD6006");
    assertThat(Rd60xxModels.byModelId(60065).orElseThrow().model()).isEqualTo("RD6006P");
    assertThat(Rd60xxModels.byModelId(60125).orElseThrow().model()).isEqualTo("RD6012P");
    assertThat(Rd60xxModels.byModelId(60301).orElseThrow().model()).isEqualTo("RD6030");
    assertThat(Rd60xxModels.byModelId(12345)).isEmpty();
    assertThat(SupplyModels.byName("xy-sk120").orElseThrow().model()).isEqualTo("XY-SK120");
    assertThat(SupplyModels.byName("dph5005").orElseThrow().modelIdLow()).isEqualTo(5205);
  }

  @Test
  void capabilities_refuse_a_profile_the_supply_cannot_serve_with_a_reason() {
    SupplyCapabilities c = Rd60xxModels.RD6018.capabilities();
    // the check is the decider's, on the capabilities as the bay runtime hands them over
    org.chargebay.session.SupplyFacts rd6018 =
        new org.chargebay.session.SupplyFacts(
            c.model(),
            c.maxMillivolts(),
            c.maxMilliamps(),
            c.hasHardwareProtection(),
            c.fixedMillivolts(),
            c.notes(),
            500,
            500,
            false,
            "key");
    assertThat(rd6018.cannotServe(83_000, 5_000))
        .hasValueSatisfying(
            r -> assertThat(r).contains("RD6018").contains("60000 mV").contains("83000 mV"));
    assertThat(rd6018.cannotServe(54_600, 19_000)).isPresent();
    assertThat(rd6018.cannotServe(54_600, 5_000)).isEmpty();
  }
}
