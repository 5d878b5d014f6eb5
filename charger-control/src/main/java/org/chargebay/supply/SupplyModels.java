package org.chargebay.supply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every Modbus supply model the generic driver knows, and how a unit is identified.
 *
 * <p>Autodetect reads the id registers in an order that cannot confuse the families: register 0
 * (Riden model id 60060-60309; on a DPS or XY it is V-SET, at most 8000), then 0x0B (DPS/DPH
 * model), then 0x16 (XY model, which is recognised but never guessed: see {@link XyModels}). An
 * explicit model is checked against what the unit reports; a disagreement is refused rather than
 * guessed, since the model decides the scaling.
 */
public final class SupplyModels {
  private SupplyModels() {}

  public static final List<RegisterMap> ALL;

  static {
    List<RegisterMap> all = new ArrayList<>(Rd60xxModels.ALL);
    all.addAll(DpsModels.ALL);
    all.addAll(XyModels.ALL);
    ALL = List.copyOf(all);
  }

  /** The model by name, case-insensitive, ignoring '-' ({@code rd6018}, {@code xysk120}). */
  public static Optional<RegisterMap> byName(String name) {
    String n = normal(name);
    return ALL.stream().filter(m -> normal(m.model()).equals(n)).findFirst();
  }

  /** Every model name, for messages and usage text. */
  public static List<String> names() {
    return ALL.stream().map(RegisterMap::model).toList();
  }

  private static String normal(String s) {
    return s.replace("-", "").replace("_", "").toUpperCase(java.util.Locale.ROOT);
  }

  static boolean isAuto(@Nullable String model) {
    return model == null || model.isBlank() || "auto".equalsIgnoreCase(model);
  }

  private static final Duration ID_GAP = Duration.ofMillis(50);

  /** Identifies the unit at {@code unitId}, honouring an explicit model. */
  public static RegisterMap identify(ModbusBus bus, int unitId, @Nullable String modelOverride)
      throws SupplyException {
    if (!isAuto(modelOverride)) {
      RegisterMap wanted =
          byName(modelOverride)
              .orElseThrow(
                  () ->
                      new SupplyException.Fatal(
                          "unknown supply model '" + modelOverride + "'; known: " + names()));
      int id = readId(bus, unitId, wanted.modelId().address(), wanted.timing());
      if (!wanted.matches(id)) {
        Optional<RegisterMap> seen =
            ALL.stream()
                .filter(m -> m.modelId().address() == wanted.modelId().address() && m.matches(id))
                .findFirst();
        throw new SupplyException.Fatal(
            "configured model "
                + wanted.model()
                + " but the unit reports model id "
                + id
                + seen.map(m -> " (" + m.model() + ")").orElse(" (unknown)")
                + " in register "
                + wanted.modelId().address()
                + ": refusing to guess the scaling");
      }
      return wanted;
    }
    int reg0 = readId(bus, unitId, 0, Rd60xxModels.TIMING);
    for (RegisterMap m : Rd60xxModels.ALL) {
      if (m.matches(reg0)) {
        return m;
      }
    }
    if (reg0 >= 60_000 && reg0 < 61_000) {
      throw new SupplyException.Fatal(
          "unsupported Riden model id "
              + reg0
              + " at unit "
              + unitId
              + " (known: RD6006/6006P/6012/6012P/6018/6024/6030)");
    }
    Optional<Integer> dps = readIdIfServed(bus, unitId, 0x0B, DpsModels.TIMING);
    if (dps.isPresent()) {
      for (RegisterMap m : DpsModels.ALL) {
        if (m.matches(dps.get())) {
          return m;
        }
      }
    }
    Optional<Integer> xy = readIdIfServed(bus, unitId, 0x16, XyModels.TIMING);
    if (xy.isPresent() && XyModels.XY6020L.matches(xy.get())) {
      throw new SupplyException.Fatal(
          "unit "
              + unitId
              + " looks like an XY-series supply (model register 0x16 = 0x"
              + Integer.toHexString(xy.get())
              + "); XY models are not autodetected because their"
              + " current scale differs (XY6020L x100, XY-SK120 x1000): configure the model");
    }
    throw new SupplyException.Fatal(
        "unsupported supply at unit "
            + unitId
            + ": register 0 = "
            + reg0
            + ", 0x0B = "
            + dps.map(String::valueOf).orElse("n/a")
            + ", 0x16 = "
            + xy.map(String::valueOf).orElse("n/a")
            + " match no known model "
            + names());
  }

  private static int readId(ModbusBus bus, int unitId, int address, BusTiming t)
      throws SupplyException {
    return bus.readHolding(
            unitId,
            address,
            1,
            ID_GAP.compareTo(t.minGap()) > 0 ? ID_GAP : t.minGap(),
            t.readRetries(),
            "model id")[0];
  }

  private static Optional<Integer> readIdIfServed(
      ModbusBus bus, int unitId, int address, BusTiming t) throws SupplyException {
    try {
      return Optional.of(readId(bus, unitId, address, t));
    } catch (SupplyException.Refused e) {
      return Optional.empty(); // this family's id register does not exist on the unit
    }
  }
}
