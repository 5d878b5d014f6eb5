package org.chargebay.supply.cli;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.chargebay.supply.ProtectionSettings;
import org.chargebay.supply.SupplyCapabilities;
import org.chargebay.supply.SupplyReading;
import org.jspecify.annotations.Nullable;

/**
 * The JSON line {@code supply probe|set} prints: the reading in volts, amps, watts and degrees
 * (plain decimals, trailing zeros stripped; absent values left out) and the driver's capabilities.
 * {@code "key": value} pairs separated by {@code ", "}.
 */
final class SupplyJson {

  private SupplyJson() {}

  static String reading(
      String url,
      int unit,
      SupplyReading r,
      Optional<ProtectionSettings> p,
      SupplyCapabilities caps) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("model", r.model());
    m.put("url", url);
    m.put("unit", unit);
    m.put("set_v", units(r.setMillivolts()));
    m.put("set_a", units(r.setMilliamps()));
    m.put("out_v", units(r.outMillivolts()));
    m.put("out_a", units(r.outMilliamps()));
    m.put("out_w", units(r.outMilliwatts()));
    m.put("input_v", r.inputMillivolts() == 0 ? null : units(r.inputMillivolts()));
    m.put("mode", r.mode());
    m.put("output_on", r.outputOn());
    m.put("protection", r.protectionName());
    m.put("ovp_v", p.map(x -> (Object) units(x.ovpMillivolts())).orElse(null));
    m.put("ocp_a", p.map(x -> (Object) units(x.ocpMilliamps())).orElse(null));
    m.put(
        "temp_c",
        r.tempDeciCelsius().isPresent()
            ? BigDecimal.valueOf(r.tempDeciCelsius().getAsInt(), 1)
            : null);
    Map<String, @Nullable Object> c = new LinkedHashMap<>();
    c.put("max_v", units(caps.maxMillivolts()));
    c.put("max_a", units(caps.maxMilliamps()));
    c.put("step_v", units(caps.voltageStepMillivolts()));
    c.put("step_a", units(caps.currentStepMilliamps()));
    c.put("hardware_protection", caps.hasHardwareProtection());
    if (!caps.notes().isEmpty()) {
      c.put("notes", caps.notes());
    }
    m.put("capabilities", c);
    m.values().removeIf(v -> v == null);
    return write(m);
  }

  private static BigDecimal units(long milli) {
    BigDecimal d = BigDecimal.valueOf(milli, 3).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  private static String write(Map<String, @Nullable Object> m) {
    StringBuilder b = new StringBuilder("{");
    boolean first = true;
    for (var e : m.entrySet()) {
      if (!first) {
        b.append(", ");
      }
      first = false;
      b.append(quote(e.getKey())).append(": ").append(value(e.getValue()));
    }
    return b.append('}').toString();
  }

  @SuppressWarnings("unchecked")
  private static String value(@Nullable Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map<?, ?> map) {
      return write((Map<String, @Nullable Object>) map);
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return quote(v.toString());
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (ch < 0x20) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
