package org.chargebay.site;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.chargebay.planner.Policy;

/**
 * One controller of a site as its own process, for {@link SiteKafkaTwoProcessIT}: a {@link
 * KafkaSiteAllocations} with simulated 20S NMC bays that each draw exactly their allocation. Every
 * 50 ms it prints {@code DRAW <epoch ms> <kW> <plan id|fallback> <planner|->}: the most its bays
 * draw together at their allocations (series x ceiling x current) and where the allocations came
 * from. It exits when its standard input closes (its parent is gone).
 *
 * <p>Arguments: bootstrap servers, controller id, site cap kW, fallback share kW, bays, topic
 * prefix, session timeout ms, slot ms.
 */
public final class SiteControllerMain {
  private SiteControllerMain() {}

  public static void main(String[] args) {
    String id = args[1];
    double cap = Double.parseDouble(args[2]);
    double share = Double.parseDouble(args[3]);
    int n = Integer.parseInt(args[4]);
    String prefix = args[5];
    Duration session = Duration.ofMillis(Long.parseLong(args[6]));
    Duration slot = Duration.ofMillis(Long.parseLong(args[7]));
    KafkaSiteAllocations.Settings settings =
        new KafkaSiteAllocations.Settings(
            args[0],
            Map.of(),
            new SiteTopics(prefix + ".bays", prefix + ".allocations", prefix + "-planner"),
            id,
            cap,
            share,
            slot,
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ofMillis(1000),
            session,
            Policy.PLANNED);
    Thread parentWatch =
        new Thread(
            () -> {
              try (InputStream in = System.in) {
                while (in.read() >= 0) {
                  // nothing is sent; end of input means the parent is gone
                }
              } catch (IOException e) {
                // same
              }
              Runtime.getRuntime().halt(0);
            });
    parentWatch.setDaemon(true);
    parentWatch.start();
    KafkaSiteAllocations site = new KafkaSiteAllocations(settings, Clock.systemUTC());
    List<BayReport> bays = SiteBays.nmcBays(id, n, Instant.now());
    System.out.println("READY " + id);
    while (true) {
      Instant now = Instant.now();
      double kw = 0;
      for (BayReport b : bays) {
        int ma = site.milliampsFor(b.bayId()).orElse(b.maxMilliamps());
        site.report(SiteBays.nmc(b.bayId(), ma, now));
        kw += SiteBays.maxKw(b, ma);
      }
      Optional<SiteAllocation> plan = site.planAt(now);
      System.out.println(
          String.format(
              Locale.ROOT,
              "DRAW %d %.6f %s %s",
              now.toEpochMilli(),
              kw,
              plan.map(SiteAllocation::planId).orElse("fallback"),
              plan.map(SiteAllocation::planner).orElse("-")));
      LockSupport.parkNanos(50_000_000L); // the simulated bay loop's period
    }
  }
}
