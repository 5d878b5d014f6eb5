package org.chargebay.app.demo.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code simulate} end to end: the real runtime against the simulated pack behind emulated devices,
 * on the virtual clock, as the launcher runs it ({@link SimulateCli#run}).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SimulateCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  static Run simulate(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        SimulateCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static List<String> types(JsonNode events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(e.asText()));
    return out;
  }

  @Test
  void the_demo_bay_completes_at_its_ceiling_with_every_key_of_the_report() throws Exception {
    Run run = simulate("--json", "--soc-pct", "70");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().strip()).doesNotContain("\n");
    JsonNode r = run.json();
    List<String> keys = new ArrayList<>();
    r.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "outcome",
            "reason",
            "detail",
            "max_cell_v",
            "final_delta_mv",
            "duration_s",
            "ah",
            "wh",
            "top_ups",
            "violation_at_s",
            "detection_ms",
            "supply_off_ms",
            "bms_fet_off_ms",
            "paths",
            "events");
    assertThat(r.get("outcome").asText()).isEqualTo("completed");
    assertThat(r.get("reason").isNull()).isTrue();
    assertThat(r.get("max_cell_v").asDouble()).isBetween(4.140, 4.155);
    assertThat(r.get("duration_s").asDouble()).isGreaterThan(600);
    assertThat(r.get("ah").asDouble()).isGreaterThan(0.3);
    assertThat(r.get("wh").asDouble()).isGreaterThan(r.get("ah").asDouble() * 40);
    assertThat(r.get("top_ups").asInt()).isZero();
    assertThat(r.get("violation_at_s").isNull()).isTrue();
    assertThat(r.get("detection_ms").isNull()).isTrue();
    assertThat(r.get("supply_off_ms").isNull()).isTrue();
    assertThat(r.get("bms_fet_off_ms").isNull()).isTrue();
    List<String> events = types(r.get("events"));
    assertThat(events.subList(0, 2)).containsExactly("ChargeStarted", "SetpointChanged");
    assertThat(events).contains("PhaseChanged");
    assertThat(events.get(events.size() - 1)).isEqualTo("ChargeCompleted");
  }

  @ParameterizedTest(name = "{0} {1}S on {3}")
  @CsvSource({
    "nmc, 13, 4.150, jbd",
    "nca, 13, 4.150, daly",
    "lfp, 16, 3.550, jk",
    "lto, 13, 2.700, jbd",
    "nmc, 13, 4.150, ant",
  })
  void each_chemistry_charges_to_its_default_ceiling(
      String chemistry, int series, double ceiling, String bms) throws Exception {
    Run run =
        simulate(
            "--json",
            "--chemistry",
            chemistry,
            "--series",
            String.valueOf(series),
            "--bms",
            bms,
            "--soc-pct",
            "75",
            "--imbalance-mv",
            "20");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode r = run.json();
    assertThat(r.get("outcome").asText()).as(run.out()).isEqualTo("completed");
    assertThat(r.get("max_cell_v").asDouble())
        .isLessThanOrEqualTo(ceiling + 0.005)
        .isGreaterThan(ceiling - 0.020);
  }

  @Test
  void a_ceiling_above_the_chemistry_maximum_is_refused_naming_the_limit() throws Exception {
    Run run = simulate("--json", "--chemistry", "lfp", "--series", "16", "--ceiling", "4.20");
    assertThat(run.exit()).isZero();
    JsonNode r = run.json();
    assertThat(r.get("outcome").asText()).isEqualTo("refused");
    assertThat(r.get("reason").asText()).isEqualTo("CEILING_ABOVE_CHEMISTRY_MAX");
    assertThat(r.get("detail").asText())
        .isEqualTo("cell ceiling 4200 mV is above the LFP maximum of 3650 mV per cell");
    assertThat(types(r.get("events"))).containsExactly("StartRefused");
    assertThat(r.get("ah").asDouble()).isZero();
  }

  @Test
  void bad_usage_exits_64_with_one_line_naming_the_option() {
    Run unknownFault = simulate("--fault", "supply-stuck@5");
    assertThat(unknownFault.exit()).isEqualTo(64);
    assertThat(unknownFault.err())
        .startsWith(
            "chargebay simulate: --fault 'supply-stuck' is not a known fault; known: [bms-fet-ignored,"
                + " bms-frozen, bms-reboot, bms-silent, flapping, miswire, no-taper, output-ignores-off,"
                + " overtemp, range-change, readback-lies, soc-drift, stuck-cc, supply-silent,"
                + " wrong-series]");
    assertThat(unknownFault.out()).isEmpty();

    Run badMinute = simulate("--fault", "stuck-cc@soon");
    assertThat(badMinute.exit()).isEqualTo(64);
    assertThat(badMinute.err()).contains("--fault 'stuck-cc@soon': MINUTES must be a number");
    assertThat(simulate("--fault", "stuck-cc@-1").err()).contains("MINUTES must be 0..2880");

    Run badSeries = simulate("--fault", "wrong-series=40");
    assertThat(badSeries.exit()).isEqualTo(64);
    assertThat(badSeries.err()).contains("--fault 'wrong-series=40': K must be 4..32, was 40");
    assertThat(simulate("--fault", "wrong-series").err()).contains("needs its cell count");
    assertThat(simulate("--fault", "wrong-series=13").err())
        .contains("K must differ from --series");
    assertThat(simulate("--fault", "stuck-cc=3").err()).contains("takes no '=' argument");

    Run rangeOnRd6018 = simulate("--fault", "range-change");
    assertThat(rangeOnRd6018.exit()).isEqualTo(64);
    assertThat(rangeOnRd6018.err()).contains("range-change needs --supply rd6012p");

    Run badChemistry = simulate("--chemistry", "lipo");
    assertThat(badChemistry.exit()).isEqualTo(64);
    assertThat(badChemistry.err())
        .contains("--chemistry 'lipo' is not one of [nmc, nca, lfp, lto]");

    Run badNumber = simulate("--series", "many");
    assertThat(badNumber.exit()).isEqualTo(64);
    assertThat(badNumber.err()).contains("--series");

    Run absurdCeiling = simulate("--ceiling", "4.30");
    assertThat(absurdCeiling.exit()).isEqualTo(64);
    assertThat(absurdCeiling.err()).contains("cellCeilingMillivolts must be 2000..4250");

    Run badBms = simulate("--bms", "bms9000");
    assertThat(badBms.exit()).isEqualTo(64);
    assertThat(badBms.err()).contains("--bms 'bms9000' is not one of [jbd, jk, daly, ant, none]");

    Run restWithoutBms = simulate("--bms", "none", "--rest-hours", "24");
    assertThat(restWithoutBms.exit()).isEqualTo(64);
    assertThat(restWithoutBms.err()).contains("--rest-hours needs a BMS");
    assertThat(simulate("--unknown").exit()).isEqualTo(64);
  }

  @Test
  void the_rest_after_completion_sleeps_and_tops_up_a_self_discharging_pack_only()
      throws Exception {
    JsonNode drifting =
        simulate(
                "--json",
                "--soc-pct",
                "85",
                "--rest-hours",
                "72",
                "--self-discharge-mv-per-day",
                "30")
            .json();
    assertThat(drifting.get("outcome").asText()).isEqualTo("completed");
    assertThat(drifting.get("top_ups").asInt()).isEqualTo(1);
    List<String> events = types(drifting.get("events"));
    assertThat(events).containsSubsequence("ChargeCompleted", "BaySlept", "TopUpStarted");
    assertThat(events).filteredOn("TopUpStarted"::equals).hasSize(1);
    assertThat(drifting.get("max_cell_v").asDouble()).isLessThanOrEqualTo(4.155);

    JsonNode holding = simulate("--json", "--soc-pct", "85", "--rest-hours", "72").json();
    assertThat(holding.get("top_ups").asInt()).isZero();
    assertThat(types(holding.get("events"))).filteredOn("BaySlept"::equals).hasSize(4);
  }

  @Test
  void a_pack_without_a_bms_completes_with_its_highest_true_cell_below_the_ceiling()
      throws Exception {
    // 40 mV apart at 30 % is about 75 mV at the top of the NMC curve, and nobody sees the cells:
    // the pack ceiling of 13 x (4.150 - 0.050) V keeps the highest cell below 4.150 V
    Run run = simulate("--json", "--bms", "none", "--imbalance-mv", "40", "--seed", "7");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode r = run.json();
    assertThat(r.get("outcome").asText()).as(run.out()).isEqualTo("completed");
    assertThat(r.get("max_cell_v").asDouble()).isLessThan(4.150).isGreaterThan(4.050);
    assertThat(r.get("final_delta_mv").asInt()).isGreaterThan(60);
    assertThat(r.get("ah").asDouble()).isGreaterThan(0.9);
    assertThat(r.get("duration_s").asDouble()).isLessThan(8 * 3600);
    List<String> events = types(r.get("events"));
    assertThat(events.subList(0, 2)).containsExactly("ChargeStarted", "SetpointChanged");
    assertThat(events).contains("PhaseChanged").doesNotContain("CutOff");
    assertThat(events.get(events.size() - 1)).isEqualTo("ChargeCompleted");
  }

  @Test
  void a_pack_without_a_bms_that_never_tapers_is_stopped_at_the_maximum_charge_time()
      throws Exception {
    // 40 Ah cells at 2 A: the CC phase alone outlasts the 8 h maximum
    Run run = simulate("--json", "--bms", "none", "--capacity-ah", "40", "--soc-pct", "10");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode r = run.json();
    assertThat(r.get("outcome").asText()).as(run.out()).isEqualTo("stopped");
    assertThat(r.get("reason").asText()).isEqualTo("STOPPED_BY_CONTROLLER");
    assertThat(r.get("detail").asText()).startsWith("maximum charge time of 8 h reached");
    assertThat(r.get("duration_s").asDouble()).isBetween(8 * 3600.0, 8 * 3600.0 + 1);
    assertThat(r.get("max_cell_v").asDouble()).isLessThan(4.150);
    assertThat(types(r.get("events"))).doesNotContain("CutOff");
  }

  @Test
  void a_pack_on_an_ant_bms_completes_at_its_ceiling() throws Exception {
    JsonNode r = simulate("--json", "--bms", "ant", "--soc-pct", "60").json();
    assertThat(r.get("outcome").asText()).isEqualTo("completed");
    assertThat(r.get("max_cell_v").asDouble()).isBetween(4.130, 4.155);
  }
}
