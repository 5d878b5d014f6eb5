package org.chargebay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.chargebay.events.AllocationChanged;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.PlanComputed;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStores;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.planner.Depot;
import org.chargebay.planner.DepotPlanner;
import org.chargebay.planner.Plan;
import org.chargebay.planner.PlanEvents;
import org.chargebay.planner.Policy;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PlanCliTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run plan(String depot, String... more) throws Exception {
    Path input = dir.resolve("depot.json");
    Files.writeString(input, depot);
    String[] args = new String[more.length + 2];
    args[0] = "--input";
    args[1] = input.toString();
    System.arraycopy(more, 0, args, 2, more.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        PlanCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-12-05T17:59:00Z"), ZoneOffset.UTC));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String depot(String site, String tariff, String bays) {
    return "{\"start\": \"2026-12-05T18:00:00Z\", \"step_minutes\": 5, \"site\": "
        + site
        + ", \"tariff\": "
        + tariff
        + ", \"bays\": "
        + bays
        + "}";
  }

  private static final String NIGHT =
      "[{\"from\": \"2026-12-05T18:00:00Z\", \"to\": \"2026-12-06T00:00:00Z\","
          + " \"price_per_kwh\": 0.30},"
          + " {\"from\": \"2026-12-06T00:00:00Z\", \"to\": \"2026-12-06T06:00:00Z\","
          + " \"price_per_kwh\": 0.12}]";

  private static String bay(String id, double soc, String departure, String extra) {
    return "{\"id\": \""
        + id
        + "\", \"chemistry\": \"nmc\", \"series\": 13, \"capacity_ah\": 40, \"soc_pct\": "
        + soc
        + ", \"target_soc_pct\": 90, \"departure\": \""
        + departure
        + "\", \"max_amps\": 20, \"ceiling_v\": 4.15"
        + extra
        + "}";
  }

  @Test
  void a_bay_with_time_to_spare_charges_in_the_night_window_and_meets_its_target()
      throws Exception {
    Run run =
        plan(
            depot("{\"cap_kw\": 20}", NIGHT, "[" + bay("b1", 20, "2026-12-06T06:00:00Z", "") + "]"),
            "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode plan = new ObjectMapper().readTree(run.out());
    JsonNode b1 = plan.get("bays").get(0);
    assertThat(b1.get("meets_target").asBoolean()).isTrue();
    assertThat(b1.get("expected_soc_at_departure").asDouble()).isGreaterThanOrEqualTo(90);
    for (JsonNode slot : b1.get("slots")) {
      assertThat(Instant.parse(slot.get("from").asText()))
          .isAfterOrEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
      assertThat(slot.get("amps").asDouble()).isLessThanOrEqualTo(20);
    }
    // 70 % of 40 Ah = 28 Ah into 13 cells between 3.55 and 4.06 V: 1.3 to 1.5 kWh, all at 0.12.
    double kwh = plan.get("energy_kwh").asDouble();
    assertThat(kwh).isBetween(1.3, 1.5);
    assertThat(plan.get("energy_cost").asDouble()).isCloseTo(kwh * 0.12, within(0.01));
    assertThat(plan.get("infeasible")).isEmpty();
  }

  @Test
  void a_departure_that_cannot_be_met_is_said_with_the_state_of_charge_it_will_have()
      throws Exception {
    // One hour at 20 A moves 20 Ah = 50 % of 40 Ah: from 20 % it reaches about 70 %.
    Run run =
        plan(
            depot("{\"cap_kw\": 20}", "[]", "[" + bay("b1", 20, "2026-12-05T19:00:00Z", "") + "]"),
            "--json");

    JsonNode plan = new ObjectMapper().readTree(run.out());
    JsonNode b1 = plan.get("bays").get(0);
    assertThat(b1.get("meets_target").asBoolean()).isFalse();
    assertThat(b1.get("expected_soc_at_departure").asDouble()).isCloseTo(70, within(0.01));
    assertThat(plan.get("infeasible").get(0).asText()).isEqualTo("b1");
  }

  @Test
  void the_cap_less_other_loads_is_shared_and_never_exceeded() throws Exception {
    String bays =
        "["
            + bay("b1", 20, "2026-12-05T22:00:00Z", "")
            + ", "
            + bay("b2", 20, "2026-12-05T22:00:00Z", "")
            + "]";
    String site =
        "{\"cap_kw\": 1.5, \"other_loads\": [{\"from\": \"2026-12-05T18:00:00Z\","
            + " \"to\": \"2026-12-05T19:00:00Z\", \"kw\": 0.5}]}";
    JsonNode plan = new ObjectMapper().readTree(plan(depot(site, "[]", bays), "--json").out());

    assertThat(plan.get("peak_kw").asDouble()).isLessThanOrEqualTo(1.5);
    for (JsonNode b : plan.get("bays")) {
      for (JsonNode slot : b.get("slots")) {
        if (Instant.parse(slot.get("from").asText())
            .isBefore(Instant.parse("2026-12-05T19:00:00Z"))) {
          assertThat(slot.get("kw").asDouble()).isLessThanOrEqualTo(1.0);
        }
      }
    }
  }

  @Test
  void a_ceiling_above_the_chemistry_maximum_is_refused_naming_the_field() throws Exception {
    Run run =
        plan(
            depot(
                "{\"cap_kw\": 20}",
                "[]",
                "["
                    + bay("b0", 20, "2026-12-06T06:00:00Z", "")
                    + ", "
                    + bay("b1", 20, "2026-12-06T06:00:00Z", "").replace("4.15", "4.5")
                    + "]"));

    assertThat(run.exit()).isEqualTo(2);
    JsonNode error = new ObjectMapper().readTree(run.out());
    assertThat(error.get("error").asText()).isEqualTo("input_invalid");
    assertThat(error.get("reason").asText())
        .isEqualTo("bays[1].ceiling_v: 4.5 V is above the NMC maximum 4.20 V");
  }

  @Test
  void a_target_the_ceiling_cannot_reach_unknown_fields_and_gaps_in_the_tariff_are_refused()
      throws Exception {
    String high =
        bay("b1", 20, "2026-12-06T06:00:00Z", "")
            .replace("\"target_soc_pct\": 90", "\"target_soc_pct\": 99");
    assertThat(
            new ObjectMapper()
                .readTree(plan(depot("{\"cap_kw\": 20}", "[]", "[" + high + "]")).out())
                .get("reason")
                .asText())
        .startsWith(
            "bays[0].target_soc_pct: 99 % rests at 4.168 V per cell, at or above the ceiling 4.15 V");
    String typo = bay("b1", 20, "2026-12-06T06:00:00Z", ", \"max_amp\": 3");
    assertThat(
            new ObjectMapper()
                .readTree(plan(depot("{\"cap_kw\": 20}", "[]", "[" + typo + "]")).out())
                .get("reason")
                .asText())
        .startsWith("bays[0].max_amp: unknown field");
    String late = bay("b1", 20, "2026-12-06T07:00:00Z", "");
    assertThat(
            new ObjectMapper()
                .readTree(plan(depot("{\"cap_kw\": 20}", NIGHT, "[" + late + "]")).out())
                .get("reason")
                .asText())
        .startsWith("tariff: no window covers 2026-12-06T06:00:00Z");
    Run noCap = plan(depot("{}", "[]", "[" + late + "]"));
    assertThat(noCap.exit()).isEqualTo(2);
    assertThat(new ObjectMapper().readTree(noCap.out()).get("reason").asText())
        .isEqualTo("site.cap_kw: is required");
  }

  @Test
  void a_switch_only_bay_is_planned_off_or_at_its_full_current_and_a_bad_value_is_refused()
      throws Exception {
    // 1.5 kW: the continuous bay at 20 A takes about 0.95 kW; the fixed charger's 20 A does not
    // fit beside it, so it waits for whole steps instead of getting the rest as a fraction
    String bays =
        "["
            + bay("b1", 20, "2026-12-05T22:00:00Z", "")
            + ", "
            + bay("b2", 20, "2026-12-06T04:00:00Z", ", \"switch_only\": true")
            + "]";
    Run run = plan(depot("{\"cap_kw\": 1.5}", "[]", bays), "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode plan = new ObjectMapper().readTree(run.out());
    JsonNode b2 = plan.get("bays").get(1);
    assertThat(b2.get("id").asText()).isEqualTo("b2");
    assertThat(b2.get("meets_target").asBoolean()).isTrue();
    assertThat(b2.get("slots")).isNotEmpty();
    for (JsonNode slot : b2.get("slots")) {
      assertThat(slot.get("amps").asDouble()).isEqualTo(20);
      // b1 charges until about 19:25 (70 % of 40 Ah at 20 A: 1.4 h), b2 only after
      assertThat(Instant.parse(slot.get("from").asText()))
          .isAfterOrEqualTo(Instant.parse("2026-12-05T19:20:00Z"));
    }
    assertThat(plan.get("peak_kw").asDouble()).isLessThanOrEqualTo(1.5);

    Run bad =
        plan(
            depot(
                "{\"cap_kw\": 1.5}",
                "[]",
                "[" + bay("b1", 20, "2026-12-05T22:00:00Z", ", \"switch_only\": \"yes\"") + "]"));
    assertThat(bad.exit()).isEqualTo(2);
    JsonNode error = new ObjectMapper().readTree(bad.out());
    assertThat(error.get("error").asText()).isEqualTo("input_invalid");
    assertThat(error.get("reason").asText())
        .isEqualTo("bays[0].switch_only: must be true or false, was \"yes\"");
  }

  @Test
  void an_unknown_policy_is_a_usage_error() throws Exception {
    Run run = plan(depot("{\"cap_kw\": 20}", "[]", "[]"), "--policy", "cheapest");

    assertThat(run.exit()).isEqualTo(64);
    assertThat(run.err())
        .contains("--policy 'cheapest' is not one of planned, at-plug-in, latest-start");
  }

  @Test
  void a_recorded_plan_replays_to_the_same_allocations_from_its_own_input() throws Exception {
    String bays =
        "["
            + bay("b1", 20, "2026-12-06T06:00:00Z", "")
            + ", "
            + bay("b2", 60, "2026-12-05T21:00:00Z", ", \"priority\": 2")
            + "]";
    Path db = dir.resolve("journal.db");
    Run run = plan(depot("{\"cap_kw\": 1.2}", NIGHT, bays), "--journal", db.toString());
    assertThat(run.exit()).as(run.err()).isZero();

    List<ChargeEvent> recorded;
    try (SqliteEventStore store = SqliteEventStore.open(db)) {
      recorded = EventStores.readEvents(store, EventCodec.standard(), PlanComputed.STREAM);
    }
    PlanComputed computed = (PlanComputed) recorded.get(0);
    assertThat(computed.policy()).isEqualTo("planned");
    assertThat(recorded.subList(1, recorded.size())).allMatch(e -> e instanceof AllocationChanged);
    assertThat(recorded).hasSizeGreaterThan(3);

    Depot depot = DepotJson.parse(computed.input());
    Plan again = DepotPlanner.plan(depot, Policy.ofLabel(computed.policy()).orElseThrow());
    assertThat(PlanEvents.of(computed.planId(), computed.at(), computed.input(), again))
        .isEqualTo(recorded);
    // Every allocation of b1 lies in the night window (it has time to wait), b2's before 21:00.
    for (ChargeEvent e : recorded.subList(1, recorded.size())) {
      AllocationChanged a = (AllocationChanged) e;
      if (a.bayId().equals("b1") && a.milliamps() > 0) {
        assertThat(a.from()).isAfterOrEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
      }
      if (a.bayId().equals("b2")) {
        assertThat(a.from()).isBeforeOrEqualTo(Instant.parse("2026-12-05T21:00:00Z"));
      }
    }
  }
}
