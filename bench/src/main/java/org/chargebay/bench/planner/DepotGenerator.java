package org.chargebay.bench.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.chargebay.planner.BayRequest;
import org.chargebay.planner.Depot;
import org.chargebay.planner.Depot.Window;
import org.chargebay.session.Chemistries;
import org.chargebay.session.Chemistry;

/**
 * Generates an overnight depot from a seed: bays plugged in at 18:00 UTC with scooter and e-bike
 * packs (the domain notes' ranges: 10S to 20S, 10 to 40 Ah, 5 to 20 A; 70 % NMC, 10 % NCA, 20 % LFP
 * at their default ceilings), 10 to 60 % full, wanting 85 to 90 % (LFP 95 %) by a departure between
 * 05:30 and 09:00, priorities 1 to 3; a night tariff of 0.30 per kWh by day and evening and 0.12
 * between 23:00 and 07:00. The same seed gives the same depot.
 */
public final class DepotGenerator {

  /** The plug-in time of every generated depot. */
  public static final Instant START = Instant.parse("2026-12-05T18:00:00Z");

  private DepotGenerator() {}

  /** The night tariff: 0.30 until 23:00, 0.12 until 07:00, 0.30 until 10:00. */
  public static List<Window> nightTariff() {
    return List.of(
        new Window(START, START.plus(Duration.ofHours(5)), 0.30),
        new Window(START.plus(Duration.ofHours(5)), START.plus(Duration.ofHours(13)), 0.12),
        new Window(START.plus(Duration.ofHours(13)), START.plus(Duration.ofHours(16)), 0.30));
  }

  /** A depot of {@code bays} bays under a static cap of {@code capKw}, 5-minute steps. */
  public static Depot depot(int bays, double capKw, long seed) {
    Random r = new Random(seed);
    List<BayRequest> list = new ArrayList<>();
    for (int i = 0; i < bays; i++) {
      double pick = r.nextDouble();
      Chemistry chem =
          pick < 0.7 ? Chemistries.NMC : pick < 0.8 ? Chemistries.NCA : Chemistries.LFP;
      int series = chem == Chemistries.LFP ? 12 + r.nextInt(5) : 10 + r.nextInt(11);
      double capacity = 10 + r.nextInt(31);
      double soc = 10 + r.nextInt(51);
      double target = chem == Chemistries.LFP ? 95 : 85 + r.nextInt(6);
      Instant departure = START.plus(Duration.ofMinutes(690 + 15L * r.nextInt(15)));
      double amps = 5 + r.nextInt(16);
      list.add(
          new BayRequest(
              String.format("bay-%04d", i),
              chem,
              series,
              capacity,
              soc,
              target,
              departure,
              amps,
              chem.ceilings().defaultMillivolts() / 1000.0,
              1 + r.nextInt(3),
              100.0 / capacity));
    }
    return new Depot(
        START, 5, capKw, List.of(), List.of(), nightTariff(), OptionalDouble.empty(), list);
  }
}
