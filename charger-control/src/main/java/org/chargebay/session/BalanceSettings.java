package org.chargebay.session;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The bay's BMS balancer, as the charge's end uses it.
 *
 * <ul>
 *   <li>{@code ACTIVE}: an active balancer moves charge from the highest cell to the lowest; when
 *       the charge would complete with the cells more than {@value #BALANCED_MILLIVOLTS} mV apart,
 *       the decider holds CV at the ceiling until they are within it, or {@code holdTimeout}.
 *   <li>{@code PASSIVE}: a passive (bleed) balancer only works above its start voltage; a session
 *       whose ceiling is below it cannot balance, and the bay's status warns of that.
 *   <li>{@code NONE}: nothing.
 * </ul>
 *
 * @param kind the balancer
 * @param startMillivolts the cell voltage the balancer starts at (null: not known, no warning)
 * @param holdTimeout the longest balance hold (active)
 */
public record BalanceSettings(
    Balancer kind, @Nullable Integer startMillivolts, Duration holdTimeout) {

  /** The cell spread (highest minus lowest) at which a pack counts as balanced. */
  public static final int BALANCED_MILLIVOLTS = 10;

  /** What balances the cells. */
  public enum Balancer {
    ACTIVE,
    PASSIVE,
    NONE
  }

  public BalanceSettings {
    if (holdTimeout.isNegative() || holdTimeout.isZero()) {
      throw new IllegalArgumentException("balance hold timeout must be positive");
    }
  }

  /**
   * The warning for a session at this per-cell ceiling, or null: a balancer that starts above the
   * ceiling does not balance during the charge.
   */
  public @Nullable String warning(int cellCeilingMillivolts) {
    Integer start = startMillivolts;
    if (kind == Balancer.NONE || start == null || cellCeilingMillivolts >= start) {
      return null;
    }
    return "the "
        + kind.name().toLowerCase(java.util.Locale.ROOT)
        + " balancer starts at "
        + start
        + " mV, above the session's ceiling of "
        + cellCeilingMillivolts
        + " mV per cell: this charge does not balance the cells";
  }
}
