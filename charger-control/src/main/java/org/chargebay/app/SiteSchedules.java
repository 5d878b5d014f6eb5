package org.chargebay.app;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.chargebay.site.DailyWindows;
import org.chargebay.site.SitePlanning;
import org.jspecify.annotations.Nullable;

/**
 * The checks of a site's daily tariff, cap schedule and time zone, shared by {@code
 * chargebay.site.*} and {@code chargebay.site.kafka.*}: each error is an {@link
 * IllegalArgumentException} whose message starts with the key at fault.
 */
final class SiteSchedules {
  private SiteSchedules() {}

  /**
   * Reads {@code <prefix>tariff}, {@code <prefix>cap-schedule} and {@code <prefix>time-zone}.
   *
   * @param prefix the keys' prefix, ending with a dot
   * @param capKw {@code <prefix>cap-kw}: no scheduled cap may be above it
   * @return the schedule; without a tariff and a cap schedule, the zone is UTC unless given
   * @throws IllegalArgumentException naming the key at fault
   */
  static SitePlanning.Schedule read(
      String prefix,
      double capKw,
      Optional<String> tariffSpec,
      Optional<String> capScheduleSpec,
      Optional<String> timeZone) {
    DailyWindows tariff = null;
    if (tariffSpec.isPresent()) {
      tariff = DailyWindows.parse(prefix + "tariff", tariffSpec.get(), 0);
      int gap = tariff.firstUncoveredMinute();
      if (gap >= 0) {
        throw bad(
            prefix,
            "tariff",
            "must price the whole day; nothing covers "
                + LocalTime.ofSecondOfDay(gap * 60L)
                + " (write windows HH:MM-HH:MM=price that add up to 24 h)");
      }
    }
    DailyWindows schedule = null;
    if (capScheduleSpec.isPresent()) {
      schedule = DailyWindows.parse(prefix + "cap-schedule", capScheduleSpec.get(), 0);
      for (DailyWindows.Window w : schedule.windows()) {
        if (w.value() > capKw) {
          throw bad(
              prefix,
              "cap-schedule",
              w.from()
                  + "-"
                  + w.to()
                  + " has "
                  + w.value()
                  + " kW, above cap-kw "
                  + capKw
                  + " kW (a schedule only lowers the cap)");
        }
      }
    }
    return new SitePlanning.Schedule(tariff, schedule, zone(prefix, timeZone, tariff, schedule));
  }

  private static ZoneId zone(
      String prefix,
      Optional<String> timeZone,
      @Nullable DailyWindows tariff,
      @Nullable DailyWindows schedule) {
    if (timeZone.isPresent()) {
      try {
        return ZoneId.of(timeZone.get());
      } catch (DateTimeException e) {
        throw bad(
            prefix,
            "time-zone",
            "'" + timeZone.get() + "' is not a time zone (e.g. Europe/Berlin)");
      }
    }
    if (tariff != null || schedule != null) {
      throw bad(
          prefix,
          "time-zone",
          "is required with a tariff or a cap schedule (their times of day are local: e.g."
              + " Europe/Berlin, or UTC)");
    }
    return ZoneOffset.UTC;
  }

  private static IllegalArgumentException bad(String prefix, String key, String why) {
    return new IllegalArgumentException(prefix + key + ": " + why);
  }
}
