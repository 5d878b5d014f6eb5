package org.chargebay.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SiteMessagesTest {
  private static final Instant T = Instant.parse("2026-12-05T18:00:00Z");

  @Test
  void a_report_and_an_allocation_read_back_equal() throws Exception {
    BayReport r =
        new BayReport(
            "b1",
            T,
            "LFP",
            16,
            100_000,
            3_350,
            53_000,
            12_000,
            3_600,
            30_000,
            true,
            T.plusSeconds(3600),
            95,
            2);
    SiteReport m = new SiteReport("c1", 4.5, 17, T, r);
    assertThat(SiteMessages.report(SiteMessages.encode(m))).isEqualTo(m);
    SiteReport noDeparture = new SiteReport("c1", 4.5, -1, T, SiteBays.nmc("b2", 0, T));
    assertThat(SiteMessages.report(SiteMessages.encode(noDeparture))).isEqualTo(noDeparture);

    SiteAllocation a =
        new SiteAllocation(
            "c1",
            4,
            99,
            T,
            T.plusSeconds(5),
            10,
            5,
            Map.of("b1", new SiteAllocation.Bay(12_000, 0.69)),
            Set.of("c2"));
    assertThat(SiteMessages.allocation(SiteMessages.encode(a))).isEqualTo(a);
    assertThat(a.planId()).isEqualTo("g4-s99");
  }

  @Test
  void a_report_without_departure_or_target_reads_as_none_and_full() throws Exception {
    String old =
        "{\"controller\":\"c0\",\"fallbackShareKw\":2.5,\"heldSlot\":-1,"
            + "\"sentAt\":\"2026-12-05T18:00:00Z\",\"bay\":{\"id\":\"b9\","
            + "\"at\":\"2026-12-05T17:59:59Z\",\"chemistry\":\"NMC\",\"series\":20,"
            + "\"capacityMilliampHours\":40000,\"cellMaxMillivolts\":3700,"
            + "\"packMillivolts\":74000,\"milliamps\":1000,\"ceilingMillivolts\":4150,"
            + "\"maxMilliamps\":40000,\"charging\":true,\"priority\":1}}";
    SiteReport m = SiteMessages.report(old.getBytes(StandardCharsets.UTF_8));
    assertThat(m.report().departure()).isNull();
    assertThat(m.report().targetSocPercent()).isZero();
    assertThat(m.report().milliamps()).isEqualTo(1000);
    assertThat(m.controller()).isEqualTo("c0");
  }

  @Test
  void a_value_that_is_not_a_message_is_refused_naming_what_is_wrong() {
    assertThatThrownBy(
            () -> SiteMessages.allocation("{\"planner\":\"c1\"}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("missing field bays");
    assertThatThrownBy(() -> SiteMessages.report("nope".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not JSON");
  }

  @Test
  void a_bay_that_can_only_be_switched_says_so_and_older_reports_read_as_settable()
      throws Exception {
    BayReport r =
        new BayReport(
            "r", T, "NMC", 13, 40_000, 3_700, 48_100, 0, 4_154, 8_000, true, null, 0, 1, true);
    SiteReport m = new SiteReport("c1", 1, -1, T, r);
    byte[] bytes = SiteMessages.encode(m);
    assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"switchOnly\":true");
    assertThat(SiteMessages.report(bytes)).isEqualTo(m);
    byte[] settable = SiteMessages.encode(new SiteReport("c1", 1, -1, T, SiteBays.nmc("b", 0, T)));
    assertThat(new String(settable, java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("switchOnly");
    assertThat(SiteMessages.report(settable).report().switchOnly()).isFalse();
  }
}
