package org.chargebay.supply;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Register images of our supply models served by pymodbus, an independent Modbus stack (the test
 * resource {@code supply/supply_images.py} run by Debian's python3): the n-th model is unit n, EA
 * is unit 0 and served alone. One process serves as many units as asked, so a test class starts one
 * process for all its models. A missing python3 module fails with the Debian package to install.
 */
final class PymodbusImages {
  static final String PYTHON = "/usr/bin/python3";

  private PymodbusImages() {}

  /** Modbus TCP on 127.0.0.1:{@code port}. */
  static ExternalProcess tcp(Path dir, int port, List<String> specs) {
    return start(dir, "tcp", String.valueOf(port), specs, port);
  }

  /** RTU frames over TCP on 127.0.0.1:{@code port}, as a transparent serial gateway. */
  static ExternalProcess rtuOverTcp(Path dir, int port, List<String> specs) {
    return start(dir, "rtu-tcp", String.valueOf(port), specs, port);
  }

  /**
   * pymodbus's own serial server (RTU, 115200 8N1) on {@code serialPath}. Debian's pymodbus 3.0.0
   * opens serial ports through pyserial-asyncio, which needs pyserial.
   */
  static ExternalProcess rtu(Path dir, Path serialPath, List<String> specs) {
    requireModule("serial", "python3-serial");
    requireModule("serial_asyncio", "python3-serial-asyncio");
    return start(dir, "rtu", serialPath.toString(), specs, -1);
  }

  private static ExternalProcess start(
      Path dir, String link, String where, List<String> specs, int tcpPort) {
    ExternalProcess.require(PYTHON, "python3 (Debian's, with python3-pymodbus)");
    requireModule("pymodbus", "python3-pymodbus");
    Path script = dir.resolve("supply_images.py");
    try (InputStream in = PymodbusImages.class.getResourceAsStream("/supply/supply_images.py")) {
      Files.write(script, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), link, where));
    cmd.addAll(specs);
    ExternalProcess p = ExternalProcess.start("pymodbus", cmd);
    try {
      return p.awaitReady(
          Duration.ofSeconds(30),
          () ->
              p.output().contains("serving " + link + " on " + where)
                  && (tcpPort < 0 || ExternalProcess.accepts(tcpPort)));
    } catch (AssertionError e) {
      p.close();
      throw e;
    }
  }

  /** Fails, naming the Debian package, unless Debian's python3 can import {@code module}. */
  static void requireModule(String module, String debianPackage) {
    var check =
        ExternalProcess.run(Duration.ofSeconds(30), List.of(PYTHON, "-c", "import " + module));
    if (check.exitCode() != 0) {
      throw new AssertionError(
          "Debian's "
              + PYTHON
              + " cannot import "
              + module
              + ": install the Debian package '"
              + debianPackage
              + "' (./chargebay test installs it)\n"
              + check.output());
    }
  }
}
