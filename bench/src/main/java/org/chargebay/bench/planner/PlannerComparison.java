package org.chargebay.bench.planner;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.chargebay.planner.Depot;
import org.chargebay.planner.DepotPlanner;
import org.chargebay.planner.Plan;
import org.chargebay.planner.Policy;

/**
 * Plans the same generated depots (50 and 500 bays; a 10 kW and a 50 kW cap; the night tariff)
 * under every policy and prints one Markdown table: departures met, energy, energy cost, peak
 * power; then the planning time of the 500-bay depots, the median of repeated plans after a
 * warm-up, as wall time and as the planning thread's CPU time (which a loaded machine disturbs
 * less), with the machine's load average.
 *
 * <p>Usage: {@code PlannerComparison [seed] [timed-runs]} (defaults 20261205 and 15).
 */
public final class PlannerComparison {

  private PlannerComparison() {}

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 20261205L;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    System.out.println(
        "| bays | cap kW | policy | departures met | energy kWh | energy cost | peak kW |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
    for (int bays : new int[] {50, 500}) {
      for (double cap : new double[] {10, 50}) {
        Depot depot = DepotGenerator.depot(bays, cap, seed + bays);
        for (Policy policy : Policy.values()) {
          Plan plan = DepotPlanner.plan(depot, policy);
          System.out.printf(
              Locale.ROOT,
              "| %d | %.0f | %s | %d of %d | %.1f | %.2f | %.2f |%n",
              bays,
              cap,
              policy.label(),
              bays - plan.infeasible().size(),
              bays,
              plan.energyKwh(),
              plan.energyCost(),
              plan.peakKw());
        }
      }
    }
    System.out.println();
    System.out.println(
        "| bays | cap kW | policy | wall ms median | wall ms min | wall ms max | CPU ms median |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (double cap : new double[] {10, 50}) {
      Depot depot = DepotGenerator.depot(500, cap, seed + 500);
      for (Policy policy : Policy.values()) {
        for (int i = 0; i < 5; i++) {
          DepotPlanner.plan(depot, policy);
        }
        double[] ms = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
          long c0 = threads.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          DepotPlanner.plan(depot, policy);
          ms[i] = (System.nanoTime() - t0) / 1e6;
          cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        System.out.printf(
            Locale.ROOT,
            "| 500 | %.0f | %s | %.1f | %.1f | %.1f | %.1f |%n",
            cap,
            policy.label(),
            ms[runs / 2],
            ms[0],
            ms[runs - 1],
            cpu[runs / 2]);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%nprocessors %d, load average %.2f at the end%n",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
