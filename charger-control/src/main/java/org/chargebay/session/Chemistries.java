package org.chargebay.session;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chargebay.session.Chemistry.Ceilings;
import org.chargebay.session.Chemistry.CellRange;
import org.chargebay.session.Chemistry.OcvTable;
import org.chargebay.session.Chemistry.TemperatureWindow;

/**
 * The chemistries the controller charges, with typical datasheet figures (the project's domain
 * notes): NMC and NCA max 4.20 V per cell (default 4.15 V), LFP 3.65 V (3.55 V), LTO 2.80 V (2.70
 * V). Pre-charge at C/10 below 3.0 / 2.5 / 1.8 V, refuse below 2.5 / 2.0 / 1.5 V. Charge window 0
 * to 45 degC (LFP never below 0 degC), derated to 0.5C below 10 degC and above 40 degC; LTO -30 to
 * 55 degC, derated below 0 degC.
 */
public final class Chemistries {
  private static final OcvTable NMC_OCV =
      new OcvTable(List.of(3000, 3450, 3550, 3620, 3680, 3730, 3800, 3880, 3970, 4060, 4180));
  private static final OcvTable LFP_OCV =
      new OcvTable(List.of(2800, 3200, 3250, 3280, 3300, 3310, 3320, 3330, 3340, 3360, 3450));

  /** LTO: a typical titanate cell at about 25 degC (1.8 V empty, 2.7 V full). */
  private static final OcvTable LTO_OCV =
      new OcvTable(List.of(1800, 2150, 2250, 2300, 2330, 2360, 2390, 2430, 2480, 2560, 2700));

  private static final TemperatureWindow LI_ION_WINDOW =
      new TemperatureWindow(0, 450, 100, 400, 500);

  public static final Chemistry NMC =
      new Chemistry(
          "NMC",
          new Ceilings(4200, 4150),
          new CellRange(1500, 4500, 3000, 2500),
          NMC_OCV,
          LI_ION_WINDOW);
  public static final Chemistry NCA =
      new Chemistry(
          "NCA",
          new Ceilings(4200, 4150),
          new CellRange(1500, 4500, 3000, 2500),
          NMC_OCV,
          LI_ION_WINDOW);
  public static final Chemistry LFP =
      new Chemistry(
          "LFP",
          new Ceilings(3650, 3550),
          new CellRange(1500, 4000, 2500, 2000),
          LFP_OCV,
          LI_ION_WINDOW);
  public static final Chemistry LTO =
      new Chemistry(
          "LTO",
          new Ceilings(2800, 2700),
          new CellRange(1000, 3200, 1800, 1500),
          LTO_OCV,
          new TemperatureWindow(-300, 550, 0, 550, 500));

  private static final List<Chemistry> ALL = List.of(NMC, NCA, LFP, LTO);

  private Chemistries() {}

  /** Every chemistry, in a fixed order. */
  public static List<Chemistry> all() {
    return ALL;
  }

  /** The chemistry of this name (case-insensitive), or empty. */
  public static Optional<Chemistry> of(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return ALL.stream().filter(c -> c.name().equals(upper)).findFirst();
  }

  /** The names, for error messages: {@code [NMC, NCA, LFP, LTO]}. */
  public static List<String> names() {
    return ALL.stream().map(Chemistry::name).toList();
  }
}
