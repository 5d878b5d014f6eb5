package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.events.ChargeProfile;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TickRecordJsonTest {
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);

  @Test
  void a_tick_record_round_trips_with_nanosecond_instants_and_every_call_kind() {
    Instant at = Instant.parse("2026-11-25T22:19:52.526885918Z");
    BmsSnapshot bms =
        new BmsSnapshot(
            List.of(4100, 4101),
            8201,
            1500,
            80,
            List.of(250),
            true,
            true,
            0L,
            0,
            12,
            1000,
            2000,
            2);
    SupplyReading supply =
        new SupplyReading("RD6018", 8300, 2000, 8290, 1500, 12435, 24000, true, true, 0);
    TickRecord tick =
        new TickRecord(
            "b1",
            1,
            at,
            7,
            new TickRecord.Boot(
                at.minusMillis(5),
                1,
                BaySettings.of("b1", PROFILE, true),
                TickRecord.Boot.CYCLE_REVISION),
            List.of(
                new IoCall.SupplyOutputOff(null),
                new IoCall.BmsRead(bms, null),
                new IoCall.SupplyRead(
                    null, new IoCall.Failure("retriable", "timeout after 500 ms")),
                new IoCall.SupplyRead(supply, null),
                new IoCall.SupplyApply(new SupplySetpoint(8300, 2000, true), null),
                new IoCall.SupplyProtection(8400, 2500, null),
                new IoCall.BmsChargeFet(false, new IoCall.Failure("bms", "no answer")),
                new IoCall.Command(new OperatorCommand.Start("s-9", PROFILE)),
                new IoCall.Command(new OperatorCommand.Stop("ops", "end of shift")),
                new IoCall.Command(new OperatorCommand.Acknowledge("ana", "lead re-seated"))));

    TickRecord read = TickRecordJson.read(TickRecordJson.write(tick));

    assertThat(read).isEqualTo(tick);
    assertThat(read.at()).isEqualTo(at);
  }

  @Test
  void the_cycle_revision_is_written_when_not_0_and_an_unknown_one_is_refused() {
    Instant at = Instant.parse("2026-12-05T10:00:00Z");
    BaySettings settings = BaySettings.of("b1", PROFILE, true);
    TickRecord now =
        new TickRecord(
            "b1",
            1,
            at,
            0,
            new TickRecord.Boot(at, 0, settings, TickRecord.Boot.CYCLE_REVISION),
            List.of());
    TickRecord before =
        new TickRecord("b1", 1, at, 0, new TickRecord.Boot(at, 0, settings, 0), List.of());

    String json = TickRecordJson.write(now);

    assertThat(json).contains("\"cycleRevision\":" + TickRecord.Boot.CYCLE_REVISION);
    assertThat(TickRecordJson.read(json)).isEqualTo(now);
    assertThat(TickRecordJson.write(before)).doesNotContain("cycleRevision");
    assertThat(TickRecordJson.read(TickRecordJson.write(before))).isEqualTo(before);
    assertThatThrownBy(
            () ->
                TickRecordJson.read(
                    json.replace(
                        "\"cycleRevision\":" + TickRecord.Boot.CYCLE_REVISION,
                        "\"cycleRevision\":9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "cycle revision 9 is not one this build knows (0.."
                + TickRecord.Boot.CYCLE_REVISION
                + ")");
  }

  @Test
  void the_capabilities_a_start_used_round_trip_and_are_written_as_a_plain_object() {
    Instant at = Instant.parse("2026-11-25T22:19:52.5Z");
    SupplyCapabilities relay =
        new SupplyCapabilities(
            "WAVESHARE-RELAY", 54_000, 2_000, 54_000, 2_000, false, "on/off only", 54_000);
    TickRecord tick =
        new TickRecord(
            "b1",
            1,
            at,
            0,
            new TickRecord.Boot(
                at, 0, BaySettings.of("b1", PROFILE, true).withAcceptNoHardwareLimits(true), 0),
            List.of(
                new IoCall.SupplyCapabilitiesKnown(relay),
                new IoCall.SupplyCapabilitiesKnown(null)));

    String json = TickRecordJson.write(tick);

    assertThat(TickRecordJson.read(json)).isEqualTo(tick);
    assertThat(json)
        .contains("\"acceptNoHardwareLimits\":true")
        .contains(
            "{\"kind\":\"SUPPLY_CAPABILITIES\",\"bms\":null,\"supply\":null,\"setpoint\":null,"
                + "\"ovpMillivolts\":null,\"ocpMilliamps\":null,\"on\":null,\"error\":null,"
                + "\"message\":null,\"command\":null,\"capabilities\":{\"model\":\"WAVESHARE-RELAY\","
                + "\"maxMillivolts\":54000,\"maxMilliamps\":2000,\"voltageStepMillivolts\":54000,"
                + "\"currentStepMilliamps\":2000,\"hasHardwareProtection\":false,"
                + "\"notes\":\"on/off only\",\"fixedMillivolts\":54000},\"failure\":false}");
  }

  @Test
  void a_tick_recorded_before_capabilities_reads_with_none_and_without_the_opt_in()
      throws Exception {
    String old;
    try (var in = getClass().getResourceAsStream("/replay/pre-capabilities/ticks.jsonl")) {
      old =
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .lines()
              .findFirst()
              .orElseThrow();
    }

    TickRecord tick = TickRecordJson.read(old);

    assertThat(old).doesNotContain("capabilities").doesNotContain("acceptNoHardwareLimits");
    assertThat(tick.boot().settings().acceptNoHardwareLimits()).isFalse();
    assertThat(tick.calls())
        .isNotEmpty()
        .noneMatch(c -> c instanceof IoCall.SupplyCapabilitiesKnown);
    assertThat(TickRecordJson.read(TickRecordJson.write(tick))).isEqualTo(tick);
  }

  @Test
  void with_setting_changes_one_limit_and_refuses_unknown_keys_and_bad_values() {
    BaySettings s = BaySettings.of("b1", PROFILE, false);

    assertThat(
            TickRecordJson.withSetting(s, "limits.cellMarginMillivolts", "60")
                .limits()
                .cellMarginMillivolts())
        .isEqualTo(60);
    assertThat(TickRecordJson.withSetting(s, "autoStart", "true").autoStart()).isTrue();
    assertThat(
            TickRecordJson.withSetting(s, "acceptNoHardwareLimits", "true")
                .acceptNoHardwareLimits())
        .isTrue();
    assertThatThrownBy(() -> TickRecordJson.withSetting(s, "limits.nope", "1"))
        .hasMessageStartingWith("unknown setting 'limits.nope'");
    assertThatThrownBy(() -> TickRecordJson.withSetting(s, "limits.cellMarginMillivolts", "wide"))
        .hasMessage("setting 'limits.cellMarginMillivolts' takes an integer, not 'wide'");
  }
}
