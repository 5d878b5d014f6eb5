package org.chargebay.supply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Two linked pseudo-terminals from socat: a null-modem cable for serial tests. */
final class PtyPair implements AutoCloseable {
  final Path a;
  final Path b;
  private final ExternalProcess socat;

  PtyPair(Path dir) {
    ExternalProcess.require("/usr/bin/socat", "socat");
    a = dir.resolve("ptyA");
    b = dir.resolve("ptyB");
    socat =
        ExternalProcess.start(
                "socat",
                List.of(
                    "/usr/bin/socat",
                    "-d",
                    "-d",
                    "pty,raw,echo=0,link=" + a,
                    "pty,raw,echo=0,link=" + b))
            .awaitReady(Duration.ofSeconds(10), () -> Files.exists(a) && Files.exists(b));
  }

  @Override
  public void close() {
    socat.close();
  }
}
