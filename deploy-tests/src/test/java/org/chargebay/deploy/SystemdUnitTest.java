package org.chargebay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** ops/systemd/chargebay.service: what the workshop install promises, and systemd's own verdict. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SystemdUnitTest {
  static final Path UNIT = Repo.path("ops/systemd/chargebay.service");

  /** The unit's settings by section, each key with every value it is given, in order. */
  static Map<String, Map<String, List<String>>> parse(Path unit) {
    Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
    String section = null;
    for (String raw : Repo.read(unit).lines().toList()) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1);
        out.putIfAbsent(section, new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      assertThat(section).as("setting outside a section: " + line).isNotNull();
      assertThat(eq).as("not a key=value line: " + line).isPositive();
      out.get(section)
          .computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
          .add(line.substring(eq + 1).strip());
    }
    return out;
  }

  private static String one(Map<String, List<String>> s, String key) {
    List<String> v = s.get(key);
    assertThat(v).as(key).isNotNull().hasSize(1);
    return v.get(0);
  }

  static Duration seconds(String systemdTime) {
    Matcher m = Pattern.compile("(\\d+)(s|min)?").matcher(systemdTime);
    assertThat(m.matches()).as("time value " + systemdTime).isTrue();
    long n = Long.parseLong(m.group(1));
    return "min".equals(m.group(2)) ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
  }

  @Test
  void the_service_runs_as_its_own_user_with_the_serial_devices_and_writes_only_its_journal() {
    Map<String, List<String>> s = parse(UNIT).get("Service");
    assertThat(one(s, "User")).isEqualTo("chargebay");
    assertThat(one(s, "Group")).isEqualTo("chargebay");
    assertThat(one(s, "SupplementaryGroups").split("\\s+")).contains("dialout");
    assertThat(one(s, "ProtectSystem")).isEqualTo("strict");
    assertThat(one(s, "ReadWritePaths")).isEqualTo("/var/lib/chargebay");
    assertThat(one(s, "StateDirectory")).isEqualTo("chargebay");
    assertThat(one(s, "PrivateTmp")).isEqualTo("yes");
    assertThat(one(s, "NoNewPrivileges")).isEqualTo("yes");
    assertThat(one(s, "ProtectHome")).isEqualTo("yes");
    assertThat(one(s, "DevicePolicy")).isEqualTo("closed");
    assertThat(s.get("DeviceAllow")).containsExactlyInAnyOrder("char-ttyUSB rw", "char-ttyACM rw");
    assertThat(one(s, "CapabilityBoundingSet")).isEmpty();
    assertThat(s).doesNotContainKey("MemoryDenyWriteExecute"); // the JIT needs it off
    assertThat(s.get("Environment"))
        .contains("CHARGEBAY_JOURNAL_PATH=/var/lib/chargebay/chargebay.db");
    assertThat(one(s, "ExecStart")).endsWith(" -jar /opt/chargebay/quarkus-app/quarkus-run.jar");
  }

  @Test
  void sigterm_gets_30_seconds_and_a_crash_restarts_the_service() {
    Map<String, Map<String, List<String>>> unit = parse(UNIT);
    Map<String, List<String>> s = unit.get("Service");
    assertThat(one(s, "KillSignal")).isEqualTo("SIGTERM");
    assertThat(seconds(one(s, "TimeoutStopSec"))).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    assertThat(one(s, "SuccessExitStatus").split("\\s+"))
        .contains("143"); // the JVM's exit on SIGTERM
    assertThat(one(s, "Restart")).isEqualTo("on-failure");
    assertThat(seconds(one(s, "RestartSec"))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(one(unit.get("Install"), "WantedBy")).isEqualTo("multi-user.target");
  }

  @Test
  void the_sysusers_file_creates_the_user_in_dialout() {
    List<String> lines =
        Repo.read(Repo.path("ops/systemd/chargebay.sysusers"))
            .lines()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .toList();
    assertThat(lines)
        .anyMatch(l -> l.matches("u\\s+chargebay\\s+-\\s+\"[^\"]+\"\\s+/var/lib/chargebay"));
    assertThat(lines).anyMatch(l -> l.matches("m\\s+chargebay\\s+dialout"));
  }

  /**
   * systemd-analyze (from the systemd package, on every Debian machine with systemd) parses the
   * unit as systemd would and reports unknown keys and bad values; its offline security review
   * scores the hardening. It is required: the key checks above cannot see a misspelt key.
   */
  @Test
  void systemd_analyze_accepts_the_unit_without_a_warning() throws Exception {
    Path analyze = Path.of("/usr/bin/systemd-analyze");
    assertThat(analyze)
        .as("systemd-analyze (package systemd) is needed to parse the unit")
        .isExecutable();
    Run verify = run(analyze.toString(), "verify", UNIT.toString());
    assertThat(verify.exit()).as(verify.output()).isZero();
    assertThat(verify.output()).isEmpty();
    Run security = run(analyze.toString(), "security", "--offline=true", UNIT.toString());
    Matcher m =
        Pattern.compile("Overall exposure level for chargebay.service: ([0-9.]+)")
            .matcher(security.output());
    assertThat(m.find()).as(security.output()).isTrue();
    assertThat(Double.parseDouble(m.group(1)))
        .as("exposure (0 = locked down, 10 = exposed)")
        .isLessThanOrEqualTo(2.5);
  }

  @Test
  void systemd_analyze_would_report_a_misspelt_key() throws Exception {
    Path bad = Files.createTempFile("chargebay-", ".service");
    Files.writeString(bad, Repo.read(UNIT).replace("PrivateTmp=yes", "PrivateTemp=yes"));
    Run verify = run("/usr/bin/systemd-analyze", "verify", bad.toString());
    Files.delete(bad);
    assertThat(verify.output()).contains("Unknown key 'PrivateTemp' in section [Service]");
  }

  record Run(int exit, String output) {}

  static Run run(String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("systemd-analyze-", ".out");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS))
        .as(String.join(" ", command) + " finished")
        .isTrue();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    return new Run(p.exitValue(), text);
  }
}
