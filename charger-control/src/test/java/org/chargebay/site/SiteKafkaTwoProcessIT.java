package org.chargebay.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chargebay.site.SiteKafkaTestSupport.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.chargebay.events.store.kafka.KafkaTestCluster;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two controller processes ({@link SiteControllerMain}) share a site's cap through a real broker.
 * The planner's process is killed (SIGKILL): the other process takes the planner's role when
 * Kafka's session timeout expires, and meanwhile the cap holds: every plan published is within it,
 * and the surviving controller's bays stay within its fallback share while it has no plan.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SiteKafkaTwoProcessIT {
  private static final double CAP = 10;
  private static final Map<String, Double> SHARE = Map.of("c1", 4.0, "c2", 5.0);
  private static final long SESSION_MS = 6_000;
  private static final long SLOT_MS = 1_000;

  @TempDir Path dir;

  /** One {@code DRAW} line of a controller process. */
  private record Draw(long at, double kw, String plan, String planner) {}

  private static final class Controller {
    final String id;
    final Process process;
    final List<Draw> draws = new CopyOnWriteArrayList<>();

    Controller(String id, Process process) {
      this.id = id;
      this.process = process;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    if (line.startsWith("DRAW ")) {
                      String[] f = line.split(" ");
                      draws.add(
                          new Draw(Long.parseLong(f[1]), Double.parseDouble(f[2]), f[3], f[4]));
                    }
                  }
                } catch (IOException e) {
                  // the process is gone
                }
              },
              "test-draws-" + id);
      reader.setDaemon(true);
      reader.start();
    }

    boolean onPlanOf(String planner) {
      return draws.stream().anyMatch(d -> d.planner().equals(planner));
    }
  }

  private Controller start(String bootstrap, String id) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx192m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                SiteControllerMain.class.getName(),
                bootstrap,
                id,
                String.valueOf(CAP),
                String.valueOf(SHARE.get(id)),
                "3",
                "proc.site",
                String.valueOf(SESSION_MS),
                String.valueOf(SLOT_MS))
            .redirectError(dir.resolve(id + ".log").toFile());
    return new Controller(id, pb.start());
  }

  @Test
  void the_planner_process_is_killed_the_other_takes_over_and_the_cap_holds() throws Exception {
    try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
      String bootstrap = kafka.bootstrapServers();
      Controller c1 = start(bootstrap, "c1");
      Controller c2 = start(bootstrap, "c2");
      try {
        await(
            () -> !c1.draws.isEmpty() && !c2.draws.isEmpty(),
            Duration.ofSeconds(60),
            "both controller processes running");
        try (SiteKafkaTestSupport.AllocationReader reader =
            new SiteKafkaTestSupport.AllocationReader(bootstrap, "proc.site.allocations")) {
          await(
              () -> reader.seen.stream().anyMatch(s -> s.allocation().bays().size() == 6),
              Duration.ofSeconds(60),
              "a plan of both controllers' six bays");
          String plannerId = reader.seen.get(reader.seen.size() - 1).allocation().planner();
          Controller victim = plannerId.equals("c1") ? c1 : c2;
          Controller survivor = victim == c1 ? c2 : c1;
          await(
              () -> survivor.onPlanOf(plannerId) && victim.onPlanOf(plannerId),
              Duration.ofSeconds(30),
              "both controllers on the first planner's plans");

          victim.process.destroyForcibly(); // SIGKILL: no goodbye to the group
          long killedAt = System.currentTimeMillis();
          assertThat(victim.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
          await(
              () ->
                  survivor.draws.stream()
                          .filter(d -> d.at() > killedAt && d.planner().equals(survivor.id))
                          .count()
                      >= 20,
              Duration.ofSeconds(60),
              survivor.id + " on its own plans for a second");
          long firstOwn =
              survivor.draws.stream()
                  .filter(d -> d.at() > killedAt && d.planner().equals(survivor.id))
                  .mapToLong(Draw::at)
                  .min()
                  .orElseThrow();
          long fallbackSamples =
              survivor.draws.stream()
                  .filter(d -> d.at() > killedAt && d.plan().equals("fallback"))
                  .count();
          System.out.printf(
              "site planner takeover after kill -9: %d ms (session timeout %d ms, slot %d ms);"
                  + " %d samples of %s on fallback meanwhile%n",
              firstOwn - killedAt, SESSION_MS, SLOT_MS, fallbackSamples, survivor.id);

          // the cap held in every plan, one plan per slot, the new planner after the old
          List<SiteAllocation> plans =
              reader.seen.stream().map(SiteKafkaTestSupport.Seen::allocation).toList();
          assertThat(reader.bad).isEmpty();
          assertThat(plans)
              .allSatisfy(p -> assertThat(p.boundKw()).isLessThanOrEqualTo(CAP + 1e-9));
          assertThat(
                  plans.stream()
                      .collect(Collectors.groupingBy(SiteAllocation::slot, Collectors.counting()))
                      .values())
              .allMatch(n -> n == 1);
          long lastOld =
              plans.stream()
                  .filter(p -> p.planner().equals(victim.id))
                  .mapToLong(SiteAllocation::slot)
                  .max()
                  .orElseThrow();
          List<SiteAllocation> newPlans =
              plans.stream().filter(p -> p.planner().equals(survivor.id)).toList();
          assertThat(newPlans).isNotEmpty();
          assertThat(newPlans)
              .allSatisfy(
                  p -> {
                    assertThat(p.slot()).isGreaterThan(lastOld);
                    assertThat(p.fallback()).contains(victim.id);
                    assertThat(p.reservedKw()).isGreaterThanOrEqualTo(SHARE.get(victim.id));
                    assertThat(p.bays().keySet()).allMatch(b -> b.startsWith(survivor.id));
                  });
          // the controllers' bays within the cap, and within their share while on fallback
          for (Controller c : List.of(c1, c2)) {
            assertThat(c.draws)
                .allSatisfy(d -> assertThat(d.kw()).isLessThanOrEqualTo(CAP + 1e-9))
                .filteredOn(d -> d.plan().equals("fallback"))
                .allSatisfy(d -> assertThat(d.kw()).isLessThanOrEqualTo(SHARE.get(c.id) + 1e-9));
          }
          // the old plans ran out before Kafka gave the role away: the survivor was on fallback
          assertThat(fallbackSamples).isPositive();
        }
      } finally {
        c1.process.destroyForcibly();
        c2.process.destroyForcibly();
        c1.process.waitFor(10, TimeUnit.SECONDS);
        c2.process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
