package org.chargebay.simulator.fleet;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The controller's configuration for a fleet: the {@code chargebay.bays.<id>.*} keys of README
 * "Configuring real bays", one block per bay, as a properties file. Written to a sibling temporary
 * file and moved into place, so a reader never sees half a file.
 */
final class FleetConfig {
  private FleetConfig() {}

  /** The keys written for every bay, after {@code chargebay.bays.<id>.}. */
  static final List<String> BAY_KEYS =
      List.of(
          "supply.url",
          "supply.unit",
          "supply.model",
          "bms.family",
          "bms.url",
          "profile.cells",
          "profile.cell-ceiling-volts",
          "profile.current-amps",
          "safety.cell-margin-volts",
          "auto-start");

  static void write(FleetOptions options, List<FleetBay> bays, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.ISO_8859_1)) {
      FleetOptions.Profile p = options.profile();
      w.write(
          "# chargebay fleet simulator: "
              + bays.size()
              + " bays, supply "
              + options.supply().displayName()
              + ", BMS "
              + options.bms().family()
              + ", seed "
              + options.seed()
              + ", speed "
              + options.speed()
              + "\n");
      for (FleetBay b : bays) {
        String k = "chargebay.bays." + b.id() + ".";
        w.write(
            "\n# " + b.id() + " (" + b.role().name().toLowerCase(java.util.Locale.ROOT) + ")\n");
        w.write(k + "supply.url=modbus-tcp://127.0.0.1:" + b.supplyPort() + "\n");
        w.write(k + "supply.unit=1\n");
        w.write(k + "supply.model=" + options.supply().displayName() + "\n");
        w.write(k + "bms.family=" + options.bms().family() + "\n");
        w.write(k + "bms.url=tcp://127.0.0.1:" + b.bmsPort() + "\n");
        w.write(k + "profile.cells=" + p.cells() + "\n");
        w.write(k + "profile.cell-ceiling-volts=" + p.cellCeilingVolts().toPlainString() + "\n");
        w.write(k + "profile.current-amps=" + p.currentAmps().toPlainString() + "\n");
        w.write(k + "safety.cell-margin-volts=" + p.cellMarginVolts().toPlainString() + "\n");
        w.write(k + "auto-start=" + p.autoStart() + "\n");
      }
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
