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
  void rd6006_current_is_milliamps_while_rd6018_is_centiamps() {
    assertThat(Rd60xxModels.RD6006.setCurrent().toMilli(1234)).isEqualTo(1234);
    assertThat(Rd60xxModels.RD6018.setCurrent().toMilli(1234)).isEqualTo(12_340);
  }

  @Test
  void model_ids_map_to_models() {
    assertThat(Rd60xxModels.byModelId(60181).orElseThrow().model()).isEqualTo("RD6018");
    assertThat(Rd60xxModels.byModelId(60062).orElseThrow().model()).isEqualTo("RD6006");
    assertThat(Rd60xxModels.byModelId(60301).orElseThrow().model()).isEqualTo("RD6030");
    assertThat(Rd60xxModels.byModelId(60125)).as("RD6012P needs its range register").isEmpty();
    assertThat(Rd60xxModels.byModelId(12345)).isEmpty();
  }
}
