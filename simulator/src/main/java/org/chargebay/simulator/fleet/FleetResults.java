package org.chargebay.simulator.fleet;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What each bay's devices recorded, one JSON object per line, for the scale bench:
 *
 * <pre>
 * {"bay":"sim-0007","role":"faulted","supply_port":40123,"bms_port":40124,
 *  "start_soc_pct":63.2,"fault_from":"2026-...Z","cut_off_cell_v":4.17,
 *  "over_limit":{"clock":"...","nano_time":...,"epoch_ms":...},
 *  "output_off":{...},"charge_fet_off":{...},"output_off_after_fault":{...},"output_off_writes":1,
 *  "latency_ms":212.4,"clock_latency_ms":212.0,"max_cell_v":4.171}
 * </pre>
 *
 * {@code over_limit} is the end of the first physics step (at most 200 ms of simulation time) with
 * a cell above {@code cut_off_cell_v}; its {@code nano_time} and {@code epoch_ms} are derived from
 * the simulation clock's start and speed. {@code output_off} is the first Modbus write that
 * switched the supply's output from on to off at or after {@code over_limit}, stamped when the
 * write was applied; {@code charge_fet_off} the same for the BMS charge MOSFET; {@code
 * output_off_after_fault} the first output-off write at or after {@code fault_from}, crossing or
 * not (a controller may stop a supply that overshoots its setpoint before any cell crosses). {@code
 * latency_ms} is {@code output_off.nano_time - over_limit.nano_time} in wall milliseconds, {@code
 * clock_latency_ms} the same on the simulation clock; absent values are {@code null}.
 */
final class FleetResults {
  private FleetResults() {}

  static void write(FleetOptions options, List<FleetBay> bays, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (FleetBay b : bays) {
        w.write(line(options, b));
        w.write('\n');
      }
    }
  }

  static String line(FleetOptions options, FleetBay b) {
    Stamp over = b.overLimit();
    Stamp off = b.outputOff();
    StringBuilder s = new StringBuilder(400);
    s.append("{\"bay\":\"").append(b.id()).append('"');
    s.append(",\"role\":\"").append(b.role().name().toLowerCase(Locale.ROOT)).append('"');
    s.append(",\"supply_port\":").append(b.supplyPort());
    s.append(",\"bms_port\":").append(b.bmsPort());
    s.append(",\"start_soc_pct\":").append(number(b.startSocPercent(), 1));
    s.append(",\"fault_from\":")
        .append(b.faultFrom() == null ? "null" : "\"" + b.faultFrom() + "\"");
    s.append(",\"cut_off_cell_v\":").append(number(options.profile().cutOffCellVolts(), 3));
    s.append(",\"over_limit\":").append(stamp(over));
    s.append(",\"output_off\":").append(stamp(off));
    s.append(",\"charge_fet_off\":").append(stamp(b.chargeFetOff()));
    s.append(",\"output_off_after_fault\":").append(stamp(b.outputOffAfterFault()));
    s.append(",\"output_off_writes\":").append(b.outputOffWrites());
    if (over != null && off != null) {
      s.append(",\"latency_ms\":").append(number((off.nanoTime() - over.nanoTime()) / 1e6, 3));
      double clockMs = java.time.Duration.between(over.clock(), off.clock()).toNanos() / 1e6;
      s.append(",\"clock_latency_ms\":").append(number(clockMs, 3));
    } else {
      s.append(",\"latency_ms\":null,\"clock_latency_ms\":null");
    }
    s.append(",\"max_cell_v\":").append(number(b.bay().maxCellVolts(), 4));
    return s.append('}').toString();
  }

  private static String stamp(@Nullable Stamp t) {
    if (t == null) {
      return "null";
    }
    return "{\"clock\":\""
        + t.clock()
        + "\",\"nano_time\":"
        + t.nanoTime()
        + ",\"epoch_ms\":"
        + t.epochMillis()
        + "}";
  }

  private static String number(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
