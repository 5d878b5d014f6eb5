package org.chargebay.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One fixed, realistic instance of every {@link ChargeEvent} type, shared by the golden JSON tests
 * and the store contract. Values are deterministic; change them only together with the golden
 * files.
 */
public final class SampleEvents {

  /** The instant every sample is based on. */
  public static final Instant T0 = Instant.parse("2025-03-01T10:15:30Z");

  /** A 12s NMC profile: 4150 mV per cell, 10 A, complete below 500 mA. */
  public static final ChargeProfile PROFILE = new ChargeProfile("NMC", 12, 4150, 10_000, 500);

  /** Both devices answered; the pack is in CC at about 9.8 A. */
  public static final Evidence CHARGING =
      new Evidence(
          new Evidence.Bms(
              180,
              49_350,
              9_800,
              List.of(4112, 4108, 4115, 4110, 4109, 4113, 4121, 4111, 4107, 4114, 4112, 4110),
              true,
              true),
          new Evidence.Supply(120, 49_800, 10_000, 49_340, 9_810, true, "CC"),
          1_250,
          58_400);

  private SampleEvents() {}

  /** One sample per permitted subtype of {@link ChargeEvent}, in the order they are permitted. */
  public static List<ChargeEvent> oneOfEach() {
    return List.of(
        new ChargeStarted(
            "s-0001",
            T0,
            PROFILE,
            new Evidence(
                new Evidence.Bms(
                    150,
                    47_020,
                    0,
                    List.of(3921, 3918, 3925, 3920, 3919, 3922, 3930, 3917, 3916, 3924, 3921, 3919),
                    true,
                    true),
                new Evidence.Supply(90, 0, 0, 0, 0, false, "CV"),
                0,
                0),
            new SupplyTerms(
                "RD6018",
                true,
                50_400,
                12_000,
                null,
                "OVP 50400 mV / OCP 12000 mA on the RD6018 (max 60000 mV / 18000 mA)"),
            "ana"),
        new StartRefused(
            "s-0000",
            T0.minusSeconds(60),
            PROFILE,
            RefusalReason.CELL_COUNT_MISMATCH,
            "pack reports 13 cells, profile expects 12",
            new Evidence(
                new Evidence.Bms(
                    200,
                    51_090,
                    0,
                    List.of(
                        3930, 3931, 3929, 3930, 3928, 3932, 3930, 3931, 3929, 3930, 3930, 3931,
                        3929),
                    false,
                    true),
                null,
                0,
                0)),
        new PhaseChanged(
            "s-0001",
            T0.plusSeconds(2_400).plusMillis(250),
            Phase.CC,
            Phase.CV,
            "highest cell reached 4150 mV",
            CHARGING),
        new SetpointChanged("s-0001", T0.plusMillis(200), 49_800, 10_000, true, "start", CHARGING),
        new CutOff(
            "s-0001",
            T0.plusSeconds(3_000).plusNanos(123_456_789),
            CutOffReason.CELL_OVER_VOLTAGE,
            "cell 7 at 4262 mV is above the 4250 mV limit",
            List.of("supply-output-off: ok", "bms-charge-fet-off: ok"),
            CHARGING),
        new FaultLatched(
            "s-0001",
            T0.plusSeconds(3_000).plusMillis(124),
            CutOffReason.CELL_OVER_VOLTAGE,
            "cell 7 at 4262 mV is above the 4250 mV limit"),
        new FaultAcknowledged(
            "s-0001", T0.plusSeconds(7_200), "j.doe", "cell 7 sense wire re-seated"),
        new ChargeCompleted(
            "s-0002",
            T0.plusSeconds(10_800),
            2_860,
            139_200,
            new Evidence(
                new Evidence.Bms(
                    170,
                    49_780,
                    480,
                    List.of(4149, 4146, 4150, 4147, 4148, 4149, 4150, 4146, 4145, 4148, 4149, 4147),
                    true,
                    true),
                new Evidence.Supply(110, 49_810, 10_000, 49_790, 485, true, "CV"),
                2_860,
                139_200)),
        new ChargeStopped(
            "s-0003", T0.plusSeconds(14_400), "ops-console", "pack needed for dispatch", CHARGING),
        new ChargeSuspended(
            "s-0004",
            T0.plusSeconds(18_000),
            Phase.CV,
            "controller restart: telemetry not yet verified",
            Evidence.none()),
        new ChargeResumed("s-0004", T0.plusSeconds(18_001), Phase.CV, CHARGING),
        new BayConfigured(
            "bench-7",
            T0.plusSeconds(20_000),
            "admin",
            new BayDefinition(
                new BayDefinition.Supply("modbus-tcp://10.0.4.17:502", 1, "RD6018", 500, false),
                new BayDefinition.Bms("jk", "tcp://10.0.4.18:8899", 300, "tlv", null, null),
                PROFILE,
                200,
                false,
                20,
                800,
                true,
                null)),
        new BayRemoved("bench-7", T0.plusSeconds(30_000), "admin", "bench rebuilt"),
        new PackIdentified(
            "s-0005", T0.plusSeconds(40_000), "bench-7", "JK-1A2B3C4D", "bms", 118, 20_000),
        new ResistanceMeasured(
            "s-0005",
            T0.plusSeconds(40_001),
            "bench-7",
            "current applied",
            96,
            47_020,
            0,
            47_980,
            10_000),
        new CeilingAdjusted("s-0001", T0.plusSeconds(2_500), 4_150, 4_100, "j.doe", CHARGING),
        new BaySlept(
            "s-0002",
            T0.plusSeconds(10_800),
            T0.plusSeconds(10_800 + 86_400),
            4_150,
            0,
            "charge completed: sleeping, BMS polled every 60 s",
            Evidence.none()),
        new TopUpStarted(
            "s-0002-top-up-1", T0.plusSeconds(10_800 + 86_400), "s-0002", 62, 1, Evidence.none()),
        new PlanComputed(
            "plan-0001",
            T0,
            "planned",
            "{\"start\": \"2025-03-01T18:00:00Z\", \"step_minutes\": 5}",
            2,
            List.of("b2"),
            1_060,
            1_395,
            167),
        new AllocationChanged(
            "plan-0001",
            T0,
            "b1",
            T0.plusSeconds(20_670),
            20_000,
            1_061,
            200,
            95,
            "cheapest window"),
        new CommandAudited(
            T0.plusSeconds(2_499),
            "j.doe",
            "192.0.2.17",
            "ceiling_adjust",
            "bench-7",
            "done",
            "4100 mV"),
        new ChargePlanned(
            "s-0003",
            T0.plusSeconds(200_000),
            new ChargeProfile("NMC", 13, 4_060, 10_000, 500),
            90,
            T0.plusSeconds(220_000),
            T0.plusSeconds(235_000),
            15_000L,
            "finish by: estimated 4 h 10 min to full, starting at the latest time that makes it",
            Evidence.none()),
        new RampDownStarted(
            "s-0001",
            T0.plusSeconds(3_000),
            true,
            "j.doe",
            "pack needed elsewhere",
            1_800,
            3,
            Evidence.none()),
        new BalanceHoldStarted(
            "s-0001",
            T0.plusSeconds(2_900),
            24,
            10,
            T0.plusSeconds(2_900 + 7_200),
            "active balancer: holding CV at the ceiling until the cells are within 10 mV",
            Evidence.none()),
        new BalanceWarned(
            "s-0001",
            T0,
            "passive",
            4_150,
            4_100,
            "the passive balancer starts at 4150 mV, above the session's ceiling of 4100 mV per"
                + " cell: this charge does not balance the cells"),
        new DepartureSet(T0, "b1", T0.plusSeconds(72_000), 90, "j.doe"));
  }

  /** The sample of one event type. */
  public static <E extends ChargeEvent> E of(Class<E> type) {
    ChargeEvent sample = byType().get(type);
    if (sample == null) {
      throw new IllegalArgumentException("no sample for " + type.getName());
    }
    return type.cast(sample);
  }

  /** The event types, as permitted by {@link ChargeEvent}. */
  @SuppressWarnings("unchecked")
  public static List<Class<? extends ChargeEvent>> types() {
    return Arrays.stream(ChargeEvent.class.getPermittedSubclasses())
        .<Class<? extends ChargeEvent>>map(c -> (Class<? extends ChargeEvent>) c)
        .toList();
  }

  private static Map<Class<?>, ChargeEvent> byType() {
    return oneOfEach().stream().collect(Collectors.toMap(Object::getClass, Function.identity()));
  }
}
