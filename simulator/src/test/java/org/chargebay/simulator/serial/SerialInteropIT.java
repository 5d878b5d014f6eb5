package org.chargebay.simulator.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsFamily;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.MosfetReadBackException;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.bms.serial.SerialLink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop over a real serial line: each family's emulator on one end of a {@code socat} pty pair
 * (opened with jSerialComm), the jSerialComm transport of {@link BmsClients} on the other, at the
 * family's default baud. Needs {@code socat} ({@code .ci/run} installs it); without it the test
 * fails and says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SerialInteropIT {

  private final List<Process> socats = new ArrayList<>();
  private Path dir;

  @BeforeAll
  void check_socat() throws IOException {
    dir = Files.createTempDirectory("chargebay-pty");
    try {
      Process p = new ProcessBuilder("socat", "-V").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(
          "socat is needed for the serial interop tests (apt-get install socat): " + e, e);
    }
  }

  @AfterAll
  void kill_socat() throws IOException {
    for (Process p : socats) {
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }

  /** Starts a pty pair and waits (with a deadline, polling) until both links exist. */
  private Path[] ptyPair(String name) throws IOException {
    Path a = dir.resolve(name + "-bms");
    Path b = dir.resolve(name + "-host");
    Process p =
        new ProcessBuilder(
                "socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    socats.add(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(Files.exists(a) && Files.exists(b))) {
      if (!p.isAlive()) {
        throw new AssertionError(
            "socat exited with "
                + p.exitValue()
                + ": "
                + Files.readString(dir.resolve(name + ".log")));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("socat did not create " + a + " and " + b + " within 10 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling for a file, not timing
    }
    return new Path[] {a, b};
  }

  static List<Families.Case> cases() {
    return Families.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reads_and_switches_the_charge_mosfet_over_a_pty_pair(Families.Case c) throws Exception {
    Path[] pair = ptyPair(c.name());
    int baud = BmsFamily.parse(c.family()).defaultBaud();
    FakePack pack = new FakePack();
    try (StreamEmulator emulator =
            StreamEmulator.onLink(
                c.responder().get(),
                pack,
                new SerialLink(pair[0].toString(), baud),
                Clock.systemUTC());
        BmsClient client =
            BmsClients.open(c.family(), "serial:" + pair[1] + "?baud=" + baud, c.options())) {
      BmsSnapshot s = client.read();
      assertThat(s.cellMillivolts()).isEqualTo(FakePack.CELLS);
      assertThat(s.packMillivolts()).isEqualTo(FakePack.PACK_MV);
      assertThat(s.currentMilliamps()).isEqualTo(FakePack.CURRENT_MA);
      assertThat(s.tempDeciCelsius()).containsExactly(250, 240);
      assertThat(s.chargeFet()).isTrue();
      if (c.mosfetControl()) {
        client.setChargeFet(false);
        assertThat(pack.charge()).isFalse();
        client.setChargeFet(true);
        emulator.faults().ignoreMosfetCommands(true);
        assertThatThrownBy(() -> client.setChargeFet(false))
            .isInstanceOf(MosfetReadBackException.class);
        assertThat(pack.charge()).isTrue();
      } else {
        assertThatThrownBy(() -> client.setChargeFet(false)).isInstanceOf(BmsException.class);
      }
      // garbage on the line, then a normal read again
      emulator.faults().garbageBytes(5);
      assertThat(client.read().packMillivolts()).isEqualTo(FakePack.PACK_MV);
    }
  }
}
