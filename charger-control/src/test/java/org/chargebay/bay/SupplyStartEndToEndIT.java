package org.chargebay.bay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.chargebay.cli.ReplayCli;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.CutOff;
import org.chargebay.events.Phase;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.events.SupplyTerms;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyReading;
import org.chargebay.supply.SupplySetpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 end to end, on the virtual clock with the simulator's supply emulators: a profile the
 * supply cannot serve is refused at start with the supply left off; a JUNTEK or a relay-switched
 * fixed charger (no OVP/OCP) charges only with the bay's explicit opt-in, then runs to COMPLETE
 * with the software layers still cutting a misbehaving unit; such a recording replays identical.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SupplyStartEndToEndIT {
  /** 13S x 4150 mV = 53950 mV at 2 A (the demo profile). */
  private static final ChargeProfile PROFILE = BenchHarness.DEMO_PROFILE;

  /** JBD 0xE1 data byte: 1 = charge MOSFET off, discharge on. */
  private static final int JBD_CHARGE_OFF = 1;

  @TempDir Path dir;

  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (logged) {
            logged.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  /** Held, so that its level stays set (the replay CLI quiets "org.chargebay" in this JVM). */
  private final Logger runtimeLog = Logger.getLogger(BayRuntime.class.getName());

  private Level levelBefore;

  @BeforeEach
  void captureLog() {
    levelBefore = runtimeLog.getLevel();
    runtimeLog.setLevel(Level.INFO);
    runtimeLog.addHandler(capture);
  }

  @AfterEach
  void releaseLog() {
    runtimeLog.removeHandler(capture);
    runtimeLog.setLevel(levelBefore);
  }

  private List<String> warnings(String containing) {
    synchronized (logged) {
      return logged.stream()
          .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
          .map(LogRecord::getMessage)
          .filter(m -> m.contains(containing))
          .toList();
    }
  }

  private static PackModel pack(int cells, double socPercent) {
    return PackModel.create(OcvCurve.nmc(), cells, 2.0, 0.030, socPercent, 40.0);
  }

  private static BaySettings settings(ChargeProfile p, boolean autoStart, boolean accept) {
    return BaySettings.of("b1", p, autoStart).withAcceptNoHardwareLimits(accept);
  }

  private static StartRefused startRefused(SupplyBench b, ChargeProfile p) throws Exception {
    var result = b.runtime().start("s-refused", p);
    b.tick();
    List<ChargeEvent> events = result.get();
    assertThat(events).hasSize(1);
    return (StartRefused) events.get(0);
  }

  private static void assertNoCurrentWasAsked(SupplyBench b) {
    assertThat(b.events())
        .noneMatch(e -> e instanceof ChargeStarted || e instanceof SetpointChanged);
    assertThat(b.calls())
        .extracting(IoCall::kind)
        .doesNotContain(IoCall.Kind.SUPPLY_APPLY, IoCall.Kind.SUPPLY_PROTECTION);
    assertThat(b.bay.state().outputOn()).isFalse();
    assertThat(b.runtime().state().phase()).isEqualTo(Phase.IDLE);
  }

  private record Run(int exit, String out) {}

  private static Run replay(SupplyBench b, String... extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("--journal", b.journal.toString(), "--bay", "b1"));
    args.addAll(List.of(extra));
    int exit =
        ReplayCli.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    return new Run(exit, out.toString(StandardCharsets.UTF_8));
  }

  // ---- 1. a profile the supply cannot serve ---------------------------------------------------

  @Test
  void a_20s_4200_profile_on_an_rd6018_is_refused_at_start_and_its_output_stays_off()
      throws Exception {
    ChargeProfile twentyS = new ChargeProfile("NMC", 20, 4200, 2000, 100);
    try (SupplyBench b = SupplyBench.rd6018(dir, pack(20, 30.0))) {
      b.start(settings(twentyS, false, false));
      b.ticks(3);

      StartRefused r = startRefused(b, twentyS);
      b.ticks(3);

      assertThat(r.reason().name()).isEqualTo("SUPPLY_CANNOT_SERVE");
      assertThat(r.detail())
          .isEqualTo(
              "RD6018 can set at most 60000 mV; the profile needs 84000 mV"
                  + " (profile: 20S x 4200 mV = 84000 mV at 2000 mA)");
      assertThat(b.events()).containsExactly(r);
      assertNoCurrentWasAsked(b);
      assertThat(b.rd.register(18)).as("RD60xx output register").isZero();
      assertThat(b.runtime().status().lastRefusal())
          .isEqualTo("SUPPLY_CANNOT_SERVE: " + r.detail());
      assertThat(warnings("refused"))
          .containsExactly(
              "bay b1: start of session s-refused refused: SUPPLY_CANNOT_SERVE: " + r.detail());
    }
  }

  @Test
  void a_charge_current_above_the_rd6018s_18_a_is_refused_at_start() throws Exception {
    ChargeProfile twentyAmps = new ChargeProfile("NMC", 13, 4150, 20_000, 1_000);
    try (SupplyBench b = SupplyBench.rd6018(dir, pack(13, 30.0))) {
      b.start(settings(twentyAmps, false, false));
      b.ticks(3);

      StartRefused r = startRefused(b, twentyAmps);

      assertThat(r.reason().name()).isEqualTo("SUPPLY_CANNOT_SERVE");
      assertThat(r.detail())
          .startsWith("RD6018 can set at most 18000 mA; the profile needs 20000 mA");
      assertNoCurrentWasAsked(b);
      assertThat(b.rd.register(18)).isZero();
    }
  }

  @Test
  void on_an_rd6018_a_servable_profile_starts_with_the_hardware_backstop_the_event_states()
      throws Exception {
    try (SupplyBench b = SupplyBench.rd6018(dir, pack(13, 30.0))) {
      b.start(settings(PROFILE, true, false));
      b.ticks(3);

      ChargeStarted started = (ChargeStarted) b.events().get(0);
      assertThat(started.supply())
          .isEqualTo(
              new SupplyTerms(
                  "RD6018",
                  true,
                  54_600,
                  2_500,
                  null,
                  "hardware backstop: OVP 54600 mV / OCP 2500 mA (capabilities: RD6018 max 60000"
                      + " mV / 18000 mA, settable OVP/OCP)"));
      assertThat(b.calls())
          .filteredOn(IoCall.SupplyProtection.class::isInstance)
          .map(IoCall.SupplyProtection.class::cast)
          .extracting(c -> List.of(c.ovpMillivolts(), c.ocpMilliamps()))
          .containsExactly(List.of(54_600, 2_500));
    }
  }

  /** Passes every call through except setProtection, which the unit refuses. */
  private static final class RefusesProtection implements SupplyDriver {
    private final SupplyDriver d;

    RefusesProtection(SupplyDriver d) {
      this.d = d;
    }

    @Override
    public SupplyReading read() throws SupplyException {
      return d.read();
    }

    @Override
    public void apply(SupplySetpoint setpoint) throws SupplyException {
      d.apply(setpoint);
    }

    @Override
    public void outputOff() throws SupplyException {
      d.outputOff();
    }

    @Override
    public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
      throw new SupplyException.Fatal("unit refused writing OVP (test)");
    }

    @Override
    public Optional<SupplyCapabilities> knownCapabilities() {
      return d.knownCapabilities();
    }

    @Override
    public SupplyCapabilities capabilities() {
      return d.capabilities();
    }

    @Override
    public void close() {
      d.close();
    }
  }

  @Test
  void a_backstop_that_cannot_be_set_cuts_the_session_before_its_output_is_ever_switched_on()
      throws Exception {
    try (SupplyBench b = SupplyBench.rd6018(dir, pack(13, 30.0))) {
      b.start(settings(PROFILE, false, false), RefusesProtection::new);
      b.ticks(3);

      var result = b.runtime().start("s-1", PROFILE);
      b.tick();
      b.ticks(3);

      assertThat(result.get())
          .extracting(e -> e.getClass().getSimpleName())
          .containsExactly("ChargeStarted", "SetpointChanged");
      CutOff cut =
          b.events().stream()
              .filter(CutOff.class::isInstance)
              .map(CutOff.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(cut.reason().name()).isEqualTo("HARDWARE_LIMITS_NOT_SET");
      assertThat(b.calls()).extracting(IoCall::kind).doesNotContain(IoCall.Kind.SUPPLY_APPLY);
      assertThat(b.rd.register(18)).as("RD60xx output register").isZero();
      assertThat(b.runtime().state().phase()).isEqualTo(Phase.FAULT);
    }
  }

  // ---- 2. JUNTEK: no OVP/OCP ----------------------------------------------------------------

  @Test
  void a_juntek_without_the_opt_in_is_refused_with_the_key_to_set() throws Exception {
    try (SupplyBench b = SupplyBench.juntek(dir, pack(13, 30.0))) {
      b.start(settings(PROFILE, false, false));
      b.ticks(3);

      StartRefused r = startRefused(b, PROFILE);

      assertThat(r.reason().name()).isEqualTo("NO_HARDWARE_LIMITS");
      assertThat(r.detail())
          .startsWith("DPH8920 max 96000 mV / 20000 mA, no OVP/OCP (JUNTEK simple protocol has no")
          .endsWith("set chargebay.bays.b1.supply.accept-no-hardware-limits=true");
      assertNoCurrentWasAsked(b);
    }
  }

  @Test
  void a_juntek_with_the_opt_in_charges_to_complete_without_a_backstop_and_replays_identical() {
    try (SupplyBench b = SupplyBench.juntek(dir, pack(13, 85.0))) {
      b.start(settings(PROFILE, true, true));

      b.runUntil(r -> r.state().phase() == Phase.COMPLETE, Duration.ofHours(3));

      List<ChargeEvent> events = b.events();
      ChargeStarted started = (ChargeStarted) events.get(0);
      assertThat(started.supply().hardwareBackstop()).isFalse();
      assertThat(started.supply().detail())
          .startsWith(
              "no hardware backstop (capabilities: DPH8920 max 96000 mV / 20000 mA, no OVP/OCP;")
          .endsWith(
              "accepted by chargebay.bays.b1.supply.accept-no-hardware-limits=true: the safety"
                  + " supervisor and the BMS charge MOSFET are the limits");
      assertThat(b.runtime().status().supplyTerms()).isEqualTo(started.supply().detail());
      assertThat(events).last().isInstanceOf(ChargeCompleted.class);
      assertThat(events).noneMatch(CutOff.class::isInstance);
      assertThat(b.calls()).extracting(IoCall::kind).doesNotContain(IoCall.Kind.SUPPLY_PROTECTION);
      assertThat(b.bay.state().outputOn()).isFalse();
      assertThat(warnings("WITHOUT safety layer 1")).hasSize(1);

      b.ticks(5);
      b.stopRecording();
      Run run = replay(b);
      assertThat(run.exit()).as(run.out()).isZero();
      assertThat(run.out())
          .contains("#1 ChargeStarted identical")
          .contains("ChargeCompleted identical")
          .contains("identical: " + events.size() + " decisions reproduced")
          .doesNotContain("device calls that differ");
    }
  }

  @Test
  void a_juntek_that_ignores_its_setpoint_is_still_cut_off_on_both_paths_by_the_software_layers() {
    try (SupplyBench b = SupplyBench.juntek(dir, pack(13, 85.0))) {
      b.bay.faults().supplyIgnoresVoltageSetpoint(true);
      b.start(settings(PROFILE, true, true));

      b.runUntil(r -> r.state().phase() == Phase.FAULT, Duration.ofHours(2));

      CutOff cut =
          b.events().stream()
              .filter(CutOff.class::isInstance)
              .map(CutOff.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(cut.reason().name())
          .isIn("CELL_OVER_VOLTAGE", "SUPPLY_OVER_SETPOINT", "OVER_CURRENT");
      assertThat(cut.actions())
          .containsExactly("supply-output-off: confirmed", "bms-charge-fet-off: confirmed");
      assertThat(b.bay.state().outputOn()).isFalse();
      assertThat(b.bms.mosfetCommands()).containsExactly(JBD_CHARGE_OFF);
    }
  }

  // ---- 2. a fixed charger on a relay ---------------------------------------------------------

  @Test
  void a_relay_charger_without_the_opt_in_is_refused_and_its_relay_stays_open() throws Exception {
    try (SupplyBench b = SupplyBench.relay(dir, pack(13, 30.0), 54.0, 2.0)) {
      b.start(settings(PROFILE, false, false));
      b.ticks(3);

      StartRefused r = startRefused(b, PROFILE);

      assertThat(r.reason().name()).isEqualTo("NO_HARDWARE_LIMITS");
      assertThat(r.detail())
          .startsWith(
              "WAVESHARE-RELAY fixed 54000 mV / 2000 mA, no OVP/OCP (fixed charger on a relay")
          .endsWith("set chargebay.bays.b1.supply.accept-no-hardware-limits=true");
      assertNoCurrentWasAsked(b);
      assertThat(b.relay.relay(SupplyBench.RELAY_CHANNEL)).isFalse();
    }
  }

  @Test
  void a_relay_charger_above_the_pack_ceiling_plus_margin_is_refused_even_with_the_opt_in()
      throws Exception {
    try (SupplyBench b = SupplyBench.relay(dir, pack(13, 30.0), 54.601, 2.0)) {
      b.start(settings(PROFILE, false, true));
      b.ticks(3);

      StartRefused r = startRefused(b, PROFILE);

      assertThat(r.reason().name()).isEqualTo("FIXED_VOLTAGE_ABOVE_CEILING");
      assertThat(r.detail())
          .contains("its 54601 mV is above the pack ceiling 53950 mV + margin 650 mV = 54600 mV");
      assertNoCurrentWasAsked(b);
      assertThat(b.relay.relay(SupplyBench.RELAY_CHANNEL)).isFalse();
    }
  }

  @Test
  void a_relay_charger_with_the_opt_in_charges_to_complete_and_replays_identical() {
    try (SupplyBench b = SupplyBench.relay(dir, pack(13, 85.0), 54.0, 2.0)) {
      b.start(settings(PROFILE, true, true));

      b.runUntil(r -> r.state().phase() == Phase.COMPLETE, Duration.ofHours(3));

      List<ChargeEvent> events = b.events();
      ChargeStarted started = (ChargeStarted) events.get(0);
      assertThat(started.supply().fixedMillivolts()).isEqualTo(54_000);
      assertThat(started.supply().hardwareBackstop()).isFalse();
      assertThat(events)
          .filteredOn(SetpointChanged.class::isInstance)
          .extracting(
              e -> ((SetpointChanged) e).millivolts() + "/" + ((SetpointChanged) e).milliamps())
          .containsExactly("54000/2000");
      assertThat(events).last().isInstanceOf(ChargeCompleted.class);
      ChargeCompleted done = (ChargeCompleted) events.get(events.size() - 1);
      assertThat(done.evidence().bms().cellMaxMillivolts()).isBetween(4140, 4170);
      assertThat(b.relay.relay(SupplyBench.RELAY_CHANNEL)).isFalse();
      assertThat(b.calls()).extracting(IoCall::kind).doesNotContain(IoCall.Kind.SUPPLY_PROTECTION);

      b.ticks(5);
      b.stopRecording();
      Run run = replay(b);
      assertThat(run.exit()).as(run.out()).isZero();
      assertThat(run.out()).contains("identical: " + events.size() + " decisions reproduced");

      Run strict = replay(b, "--set", "acceptNoHardwareLimits=false");
      assertThat(strict.exit())
          .as("without the opt-in the replay refuses: " + strict.out())
          .isEqualTo(1);
      assertThat(strict.out())
          .contains("+ #1 replayed StartRefused")
          .contains("NO_HARDWARE_LIMITS");
    }
  }

  @Test
  void a_relay_that_welds_on_is_cut_off_by_the_supervisor_and_the_bms_charge_fet() {
    try (SupplyBench b = SupplyBench.relay(dir, pack(13, 85.0), 54.0, 2.0)) {
      b.start(settings(PROFILE, true, true));
      b.runUntil(
          r -> r.state().phase().charging() && r.status().ampHours() > 0.001,
          Duration.ofMinutes(5));
      b.relay.faults().outputIgnoresOff(true);

      b.runUntil(r -> r.state().phase() == Phase.FAULT, Duration.ofHours(3));

      List<ChargeEvent> events = b.events();
      CutOff cut =
          events.stream()
              .filter(CutOff.class::isInstance)
              .map(CutOff.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(events.get(events.indexOf(cut) - 1)).isInstanceOf(ChargeCompleted.class);
      assertThat(cut.reason().name()).isEqualTo("OUTPUT_NOT_OFF");
      assertThat(cut.actions()).hasSize(2);
      assertThat(cut.actions().get(0)).startsWith("supply-output-off: failed");
      assertThat(cut.actions().get(1)).isEqualTo("bms-charge-fet-off: confirmed");
      assertThat(b.bms.mosfetCommands()).containsExactly(JBD_CHARGE_OFF);
      b.ticks(5);
      assertThat(b.bay.snapshot().chargeFet()).isFalse();
      assertThat(b.bay.state().outAmps()).isZero();
    }
  }

  /** A site whose allocation the test sets, keeping every report. */
  private static final class TestSite implements org.chargebay.site.SiteAllocations {
    final java.util.concurrent.atomic.AtomicInteger milliamps =
        new java.util.concurrent.atomic.AtomicInteger();
    final List<org.chargebay.site.BayReport> reports =
        new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public java.util.OptionalInt milliampsFor(String bayId) {
      return java.util.OptionalInt.of(milliamps.get());
    }

    @Override
    public void report(org.chargebay.site.BayReport report) {
      reports.add(report);
    }
  }

  @Test
  void a_relay_charger_under_a_site_allocation_is_switched_on_only_while_it_covers_its_current() {
    try (SupplyBench b = SupplyBench.relay(dir, pack(13, 85.0), 54.0, 2.0)) {
      TestSite site = new TestSite();
      site.milliamps.set(1_500); // below the charger's 2 A: it may not come on
      b.start(settings(PROFILE, true, true)).useSiteAllocations(site);
      b.runUntil(r -> r.state().phase() == Phase.CC, Duration.ofMinutes(1));
      b.ticks(20);
      assertThat(b.relay.relay(SupplyBench.RELAY_CHANNEL)).as("held off at 1.5 A").isFalse();
      assertThat(b.runtime().state().phase()).isEqualTo(Phase.CC);
      org.chargebay.site.BayReport report = site.reports.get(site.reports.size() - 1);
      assertThat(report.switchOnly()).isTrue();
      assertThat(report.maxMilliamps()).isEqualTo(2_000);
      assertThat(report.ceilingMillivolts()).isEqualTo(4_154); // 54.0 V over 13 cells, rounded up

      site.milliamps.set(2_000);
      b.runUntil(r -> r.status().ampHours() > 0.01, Duration.ofMinutes(5));
      assertThat(b.relay.relay(SupplyBench.RELAY_CHANNEL)).as("on at 2 A").isTrue();

      site.milliamps.set(0); // the site needs its power elsewhere
      b.ticks(20);
      assertThat(b.relay.relay(SupplyBench.RELAY_CHANNEL)).as("off again at 0 A").isFalse();
      assertThat(b.runtime().state().phase())
          .as("a held-off charger's zero current is no taper")
          .isEqualTo(Phase.CC);

      site.milliamps.set(2_000);
      b.runUntil(r -> r.state().phase() == Phase.COMPLETE, Duration.ofHours(3));
      List<ChargeEvent> events = b.events();
      assertThat(events)
          .filteredOn(SetpointChanged.class::isInstance)
          .extracting(e -> ((SetpointChanged) e).outputOn() + " " + ((SetpointChanged) e).cause())
          .startsWith(
              "false start: fixed charger held off: site allocation 1500 mA is below its 2000 mA",
              "true fixed charger: on again, site allocation 2000 mA covers its current",
              "false fixed charger held off: site allocation 0 mA is below its 2000 mA",
              "true fixed charger: on again, site allocation 2000 mA covers its current");
      assertThat(events).last().isInstanceOf(ChargeCompleted.class);
      assertThat(b.relay.relay(SupplyBench.RELAY_CHANNEL)).isFalse();

      b.ticks(5);
      b.stopRecording();
      Run run = replay(b);
      assertThat(run.exit()).as(run.out()).isZero();
      assertThat(run.out()).contains("identical: " + events.size() + " decisions reproduced");
    }
  }
}
