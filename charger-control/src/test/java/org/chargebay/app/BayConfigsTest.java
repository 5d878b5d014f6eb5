package org.chargebay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.chargebay.bay.BaySettings;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BayConfigsTest {

  record Profile(
      String chemistry,
      int cells,
      Optional<BigDecimal> cellCeilingVolts,
      BigDecimal currentAmps,
      Optional<BigDecimal> taperAmps)
      implements ChargebayConfig.Profile {}

  /** The margin and staleness as given; the supervisor rules' thresholds at their defaults. */
  record Safety(BigDecimal cellMarginVolts, Duration staleAfter) implements ChargebayConfig.Safety {
    @Override
    public Optional<BigDecimal> noTaperFraction() {
      return Optional.empty();
    }

    @Override
    public Optional<Duration> noTaperWindow() {
      return Optional.empty();
    }

    @Override
    public Optional<BigDecimal> chargeBudgetFactor() {
      return Optional.empty();
    }

    @Override
    public Optional<BigDecimal> capacityAmpHours() {
      return Optional.empty();
    }

    @Override
    public Optional<Duration> maxChargeTime() {
      return Optional.empty();
    }

    @Override
    public Optional<BigDecimal> setpointToleranceVolts() {
      return Optional.empty();
    }

    @Override
    public Optional<BigDecimal> setpointToleranceAmps() {
      return Optional.empty();
    }

    @Override
    public Optional<BigDecimal> supplyBmsToleranceVolts() {
      return Optional.empty();
    }

    @Override
    public Optional<BigDecimal> supplyBmsToleranceAmps() {
      return Optional.empty();
    }

    @Override
    public Optional<Integer> frozenSamples() {
      return Optional.empty();
    }

    @Override
    public Optional<Integer> bmsDropoutReads() {
      return Optional.empty();
    }

    @Override
    public Optional<Integer> flapToggles() {
      return Optional.empty();
    }

    @Override
    public Optional<Duration> flapWindow() {
      return Optional.empty();
    }
  }

  record Supply(
      String url, int unit, String model, Duration timeout, boolean acceptNoHardwareLimits)
      implements ChargebayConfig.Supply {}

  record Bms(
      String family,
      Optional<String> url,
      Duration timeout,
      Optional<String> protocol,
      Optional<Integer> address,
      Optional<Integer> baud,
      ChargebayConfig.Conventions conventions,
      boolean noneAcknowledged,
      Duration noneMaxChargeTime)
      implements ChargebayConfig.Bms {}

  record Conventions(
      Optional<org.chargebay.bms.BmsConventions.CurrentSign> dalyCurrentSign,
      Optional<org.chargebay.bms.BmsConventions.CurrentSign> antLegacyCurrentSign,
      Optional<org.chargebay.bms.BmsConventions.AntMosByteOrder> antMosByteOrder,
      Optional<org.chargebay.bms.BmsConventions.CellIndexPolicy> cellIndexPolicy)
      implements ChargebayConfig.Conventions {}

  record Metrics(boolean perCell) implements ChargebayConfig.Metrics {}

  record Sleep(
      boolean enabled,
      Duration pollInterval,
      Duration wakeEvery,
      BigDecimal topUpDropVolts,
      int maxTopUps)
      implements ChargebayConfig.Sleep {}

  static final Sleep SLEEP =
      new Sleep(true, Duration.ofSeconds(60), Duration.ofHours(24), new BigDecimal("0.050"), 3);

  record Bay(
      Supply supply,
      Bms bms,
      Profile profile,
      Optional<Duration> pollInterval,
      boolean autoStart,
      Safety safety,
      Metrics metrics,
      Sleep sleep,
      Charge charge,
      Balance balance)
      implements ChargebayConfig.Bay {

    Bay(
        Supply supply,
        Bms bms,
        Profile profile,
        Optional<Duration> pollInterval,
        boolean autoStart,
        Safety safety,
        Metrics metrics,
        Sleep sleep,
        Charge charge) {
      this(
          supply,
          bms,
          profile,
          pollInterval,
          autoStart,
          safety,
          metrics,
          sleep,
          charge,
          new Balance("none", Optional.empty(), Duration.ofHours(2)));
    }

    Bay(
        Supply supply,
        Bms bms,
        Profile profile,
        Optional<Duration> pollInterval,
        boolean autoStart,
        Safety safety,
        Metrics metrics,
        Sleep sleep) {
      this(supply, bms, profile, pollInterval, autoStart, safety, metrics, sleep, new Charge(3));
    }
  }

  record Charge(
      int rampDownSteps, Optional<Integer> targetSocPct, Optional<String> finishBy, String zone)
      implements ChargebayConfig.Charge {
    Charge(int rampDownSteps) {
      this(rampDownSteps, Optional.empty(), Optional.empty(), "UTC");
    }
  }

  record Balance(String kind, Optional<BigDecimal> startVolts, Duration holdTimeout)
      implements ChargebayConfig.Balance {}

  static Bay bay(String ceiling, String current, String margin, Duration stale, int cells) {
    return bay("NMC", Optional.of(new BigDecimal(ceiling)), current, margin, stale, cells);
  }

  static Bay bay(
      String chemistry,
      Optional<BigDecimal> ceiling,
      String current,
      String margin,
      Duration stale,
      int cells) {
    return new Bay(
        new Supply("modbus-tcp://10.0.0.5:502", 1, "auto", Duration.ofMillis(500), false),
        new Bms(
            "jbd",
            Optional.of("tcp://10.0.0.6:8899"),
            Duration.ofMillis(300),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            new Conventions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
            false,
            Duration.ofHours(8)),
        new Profile(chemistry, cells, ceiling, new BigDecimal(current), Optional.empty()),
        Optional.empty(),
        false,
        new Safety(new BigDecimal(margin), stale),
        new Metrics(true),
        SLEEP);
  }

  static BaySettings settings(Bay b) {
    return BayConfigs.toSettings("b7", b, Duration.ofMillis(200));
  }

  @Test
  void volts_and_amps_become_exact_milli_units_with_c_over_20_taper() {
    BaySettings s = settings(bay("4.15", "2.5", "0.020", Duration.ofMillis(800), 20));
    assertThat(s.profile().cellCeilingMillivolts()).isEqualTo(4150);
    assertThat(s.profile().packCeilingMillivolts()).isEqualTo(83_000);
    assertThat(s.profile().chargeCurrentMilliamps()).isEqualTo(2500);
    assertThat(s.profile().taperCurrentMilliamps()).isEqualTo(125);
    assertThat(s.limits().cellMarginMillivolts()).isEqualTo(20);
    assertThat(s.limits().bmsStaleAfterMillis()).isEqualTo(800);
    assertThat(s.pollInterval()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void a_supply_without_ovp_ocp_is_refused_unless_the_bay_accepts_it_explicitly() {
    Bay b = bay("4.15", "2.5", "0.020", Duration.ofMillis(800), 20);
    Bay accepting =
        new Bay(
            new Supply("dph-tcp://10.0.0.5:8899", 1, "auto", Duration.ofMillis(500), true),
            b.bms(),
            b.profile(),
            b.pollInterval(),
            b.autoStart(),
            b.safety(),
            b.metrics(),
            b.sleep());

    assertThat(settings(b).acceptNoHardwareLimits()).isFalse();
    assertThat(settings(accepting).acceptNoHardwareLimits()).isTrue();
  }

  @Test
  void per_cell_metrics_follow_the_bay_key_and_are_on_for_the_unconfigured_demo_bay() {
    Bay on = bay("4.15", "2.5", "0.020", Duration.ofMillis(800), 20);
    Bay off =
        new Bay(
            on.supply(),
            on.bms(),
            on.profile(),
            on.pollInterval(),
            on.autoStart(),
            on.safety(),
            new Metrics(false),
            on.sleep());

    assertThat(BayConfigs.perCellMetrics("b7", java.util.Map.of("b7", on))).isTrue();
    assertThat(BayConfigs.perCellMetrics("b7", java.util.Map.of("b7", off))).isFalse();
    assertThat(BayConfigs.perCellMetrics("demo-1", java.util.Map.of("b7", off))).isTrue();
  }

  @Test
  void more_than_millivolt_precision_is_an_error_naming_the_key() {
    assertThatThrownBy(() -> settings(bay("4.1505", "2", "0.02", Duration.ofMillis(800), 13)))
        .hasMessageContaining("chargebay.bays.b7.profile.cell-ceiling-volts")
        .hasMessageContaining("more than 3 decimals");
  }

  @Test
  void a_ceiling_above_the_chemistry_maximum_is_refused_naming_the_limit() {
    assertThatThrownBy(() -> settings(bay("4.30", "2", "0.02", Duration.ofMillis(800), 13)))
        .hasMessage(
            "chargebay.bays.b7.profile.cell-ceiling-volts: cell ceiling 4300 mV is above the NMC"
                + " maximum of 4200 mV per cell");
    assertThatThrownBy(
            () ->
                settings(
                    bay(
                        "LFP",
                        Optional.of(new BigDecimal("4.20")),
                        "2",
                        "0.02",
                        Duration.ofMillis(800),
                        16)))
        .hasMessage(
            "chargebay.bays.b7.profile.cell-ceiling-volts: cell ceiling 4200 mV is above the LFP"
                + " maximum of 3650 mV per cell");
    assertThatThrownBy(
            () -> settings(bay("LiPo", Optional.empty(), "2", "0.02", Duration.ofMillis(800), 13)))
        .hasMessage(
            "chargebay.bays.b7.profile.chemistry 'LiPo' is not one of [NMC, NCA, LFP, LTO]");
    assertThatThrownBy(() -> settings(bay("4.20", "2", "0.060", Duration.ofMillis(800), 13)))
        .as("ceiling + margin above the absolute maximum")
        .hasMessageContaining("absolute");
  }

  @Test
  void without_a_ceiling_the_chemistry_default_applies_and_the_chemistry_sets_the_safety_limits() {
    BaySettings lfp =
        settings(bay("lfp", Optional.empty(), "8", "0.02", Duration.ofMillis(800), 16));
    assertThat(lfp.profile().chemistry()).isEqualTo("LFP");
    assertThat(lfp.profile().cellCeilingMillivolts()).isEqualTo(3550);
    assertThat(lfp.limits().maxPlausibleCellMillivolts()).isEqualTo(4000);
    assertThat(lfp.limits().maxChargeDeciCelsius()).isEqualTo(450);
    BaySettings lto =
        settings(bay("LTO", Optional.empty(), "8", "0.02", Duration.ofMillis(800), 24));
    assertThat(lto.profile().cellCeilingMillivolts()).isEqualTo(2700);
    assertThat(lto.limits().minPlausibleCellMillivolts()).isEqualTo(1000);
    assertThat(lto.limits().maxChargeDeciCelsius()).isEqualTo(550);
  }

  @Test
  void a_configured_bay_sleeps_after_completion_by_default_with_the_configured_timers() {
    BaySettings s = settings(bay("4.15", "2.5", "0.020", Duration.ofMillis(800), 20));
    assertThat(s.sleep()).isEqualTo(org.chargebay.session.SleepSettings.defaults());
    Bay b = bay("4.15", "2.5", "0.020", Duration.ofMillis(800), 20);
    Bay awake =
        new Bay(
            b.supply(),
            b.bms(),
            b.profile(),
            b.pollInterval(),
            b.autoStart(),
            b.safety(),
            b.metrics(),
            new Sleep(false, Duration.ofSeconds(60), Duration.ofHours(24), BigDecimal.ONE, 3));
    assertThat(settings(awake).sleep()).isNull();
    Bay wrong =
        new Bay(
            b.supply(),
            b.bms(),
            b.profile(),
            b.pollInterval(),
            b.autoStart(),
            b.safety(),
            b.metrics(),
            new Sleep(true, Duration.ofHours(2), Duration.ofHours(1), new BigDecimal("0.05"), 3));
    assertThatThrownBy(() -> settings(wrong))
        .hasMessage(
            "chargebay.bays.b7.sleep.wake-every must be at least sleep.poll-interval (PT2H), was"
                + " PT1H");
  }

  @Test
  void a_configured_bay_ramps_its_current_down_over_three_polls_by_default() {
    Bay b = bay("4.15", "2.5", "0.020", Duration.ofMillis(800), 20);
    assertThat(settings(b).decider().rampDownSteps()).isEqualTo(3);
    Bay none =
        new Bay(
            b.supply(),
            b.bms(),
            b.profile(),
            b.pollInterval(),
            b.autoStart(),
            b.safety(),
            b.metrics(),
            b.sleep(),
            new Charge(0));
    assertThat(settings(none).decider().rampDownSteps()).isZero();
    Bay wrong =
        new Bay(
            b.supply(),
            b.bms(),
            b.profile(),
            b.pollInterval(),
            b.autoStart(),
            b.safety(),
            b.metrics(),
            b.sleep(),
            new Charge(21));
    assertThatThrownBy(() -> settings(wrong))
        .hasMessage("chargebay.bays.b7.charge.ramp-down-steps must be 0..20, was 21");
  }

  @Test
  void a_balancer_is_configured_per_bay_and_every_bad_key_is_named() {
    Bay b = bay("4.15", "2.5", "0.020", Duration.ofMillis(800), 20);
    assertThat(settings(b).decider().balance()).isNull();
    java.util.function.Function<Balance, Bay> with =
        bal ->
            new Bay(
                b.supply(),
                b.bms(),
                b.profile(),
                b.pollInterval(),
                b.autoStart(),
                b.safety(),
                b.metrics(),
                b.sleep(),
                b.charge(),
                bal);
    org.chargebay.session.BalanceSettings active =
        settings(
                with.apply(
                    new Balance(
                        "active", Optional.of(new BigDecimal("4.0")), Duration.ofMinutes(30))))
            .decider()
            .balance();
    assertThat(active)
        .isEqualTo(
            new org.chargebay.session.BalanceSettings(
                org.chargebay.session.BalanceSettings.Balancer.ACTIVE,
                4000,
                Duration.ofMinutes(30)));
    assertThatThrownBy(
            () ->
                settings(with.apply(new Balance("Active!", Optional.empty(), Duration.ofHours(2)))))
        .hasMessage(
            "chargebay.bays.b7.balance.kind must be active, passive or none, was 'Active!'");
    assertThatThrownBy(
            () ->
                settings(
                    with.apply(
                        new Balance(
                            "passive", Optional.of(new BigDecimal("9.1")), Duration.ofHours(2)))))
        .hasMessageStartingWith(
            "chargebay.bays.b7.balance.start-volts must be a plausible cell voltage");
    assertThatThrownBy(
            () ->
                settings(
                    with.apply(new Balance("active", Optional.empty(), Duration.ofSeconds(5)))))
        .hasMessage("chargebay.bays.b7.balance.hold-timeout must be 1 min..24 h, was PT5S");
  }

  @Test
  void a_bay_may_configure_a_target_and_a_daily_finish_time_for_starts_that_name_none() {
    Bay b = bay("4.15", "2.5", "0.020", Duration.ofMillis(800), 20);
    assertThat(settings(b).plan()).isNull();
    java.util.function.Function<Charge, Bay> with =
        ch ->
            new Bay(
                b.supply(),
                b.bms(),
                b.profile(),
                b.pollInterval(),
                b.autoStart(),
                b.safety(),
                b.metrics(),
                b.sleep(),
                ch);
    BaySettings s =
        settings(with.apply(new Charge(3, Optional.of(80), Optional.of("07:00"), "Europe/Berlin")));
    assertThat(s.plan())
        .isEqualTo(
            new org.chargebay.session.PlanDefaults(
                80, java.time.LocalTime.of(7, 0), java.time.ZoneId.of("Europe/Berlin")));
    assertThatThrownBy(
            () -> settings(with.apply(new Charge(3, Optional.of(10), Optional.empty(), "UTC"))))
        .hasMessage(
            "chargebay.bays.b7.charge.target-soc-pct: targetSocPct must be 20..100, was 10");
    assertThatThrownBy(
            () -> settings(with.apply(new Charge(3, Optional.empty(), Optional.of("7am"), "UTC"))))
        .hasMessage(
            "chargebay.bays.b7.charge.finish-by must be a time of day HH:MM such as 07:00, was"
                + " '7am'");
    assertThatThrownBy(
            () ->
                settings(
                    with.apply(
                        new Charge(3, Optional.empty(), Optional.of("07:00"), "Mars/Olympus"))))
        .hasMessageStartingWith("chargebay.bays.b7.charge.zone must be a time zone");
  }

  @Test
  void loose_safety_settings_are_refused() {
    assertThatThrownBy(() -> settings(bay("4.15", "2", "0.150", Duration.ofMillis(800), 13)))
        .hasMessageContaining("cell-margin-volts must be at most 0.100");
    assertThatThrownBy(() -> settings(bay("4.15", "2", "0.02", Duration.ofSeconds(30), 13)))
        .hasMessageContaining("stale-after");
    assertThatThrownBy(() -> settings(bay("4.15", "2", "0.02", Duration.ofMillis(800), 0)))
        .hasMessageContaining("chargebay.bays.b7.profile.cells must be 1..32");
    assertThatThrownBy(() -> settings(bay("4.15", "-2", "0.02", Duration.ofMillis(800), 13)))
        .hasMessageContaining("must not be negative");
  }

  @Test
  void milli_units_past_an_int_are_refused_naming_the_key_not_overflowed() {
    assertThat(BayConfigs.millis(new BigDecimal("2147483.647"), "k")).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> BayConfigs.millis(new BigDecimal("2147483.648"), "k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k is out of range: 2147483.648");
    assertThatThrownBy(() -> BayConfigs.millis(new BigDecimal("1e12"), "k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k is out of range: 1E+12");
  }
}
