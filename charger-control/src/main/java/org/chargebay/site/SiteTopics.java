package org.chargebay.site;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The Kafka names several controllers of one site share: the bay states topic (one partition,
 * compacted, keyed by bay id), the allocations topic (one partition) and the consumer group whose
 * owner of the bay states partition is the site's planner.
 *
 * @param bays every controller publishes its bays' states here; the planner reads it from the
 *     beginning
 * @param allocations the planner publishes each slot's allocations here; every controller follows
 *     it
 * @param group the consumer group every controller joins on {@code bays}; the member assigned its
 *     partition 0 is the planner. Also the planner's transactional id, with {@code -planner} added
 */
public record SiteTopics(String bays, String allocations, String group) {
  /** Kafka's own rule for topic names and a sane group id. */
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  /** The names used when none are configured. */
  public static final SiteTopics DEFAULT =
      new SiteTopics("chargebay.site.bays", "chargebay.site.allocations", "chargebay-site-planner");

  public SiteTopics {
    check(bays, "bays");
    check(allocations, "allocations");
    check(group, "group");
    if (bays.equals(allocations)) {
      throw new IllegalArgumentException("the bays and allocations topics must differ: " + bays);
    }
  }

  private static void check(String name, String what) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " must be 1-249 of a-z A-Z 0-9 . _ -, was '" + name + "'");
    }
  }

  /** The planner's transactional id: every planner uses it, so a new one fences the old. */
  public String transactionalId() {
    return group + "-planner";
  }

  /**
   * Creates both topics if they are missing: bays compacted (the latest state of every bay stays),
   * allocations kept for an hour (only the latest few slots matter). One partition each: the
   * planner is whoever is assigned the one partition of {@code bays}.
   */
  public void ensure(Admin admin, Duration timeout) {
    NewTopic b =
        new NewTopic(bays, 1, (short) -1)
            .configs(Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"));
    NewTopic a =
        new NewTopic(allocations, 1, (short) -1)
            .configs(Map.of("cleanup.policy", "delete", "retention.ms", "3600000"));
    for (NewTopic t : List.of(b, a)) {
      try {
        admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + t.name(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("cannot create topic " + t.name() + " within " + timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted creating topic " + t.name());
      }
    }
  }
}
