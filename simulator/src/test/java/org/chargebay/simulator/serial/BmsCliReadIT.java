package org.chargebay.simulator.serial;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.cli.BmsCli;
import org.chargebay.simulator.daly.DalyResponder;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** {@code bms read} against a Daly emulator on loopback: one JSON snapshot per line. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BmsCliReadIT {

  @Test
  void prints_one_json_snapshot_per_line() throws Exception {
    FakePack pack = new FakePack();
    try (StreamEmulator emulator =
        StreamEmulator.onTcp(
            new DalyResponder(false, BmsConventions.CurrentSign.WIRE_POSITIVE_IS_DISCHARGE),
            pack,
            new FakePack.ManualClock())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int status =
          BmsCli.run(
              new String[] {
                "read",
                "--port",
                "tcp://127.0.0.1:" + emulator.port(),
                "--family",
                "daly",
                "--address",
                "0x80",
                "--interval",
                "10ms",
                "--count",
                "2"
              },
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertThat(status).isEqualTo(0);
      String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
      assertThat(lines).hasSize(2);
      JsonNode j = new ObjectMapper().readTree(lines[1]);
      assertThat(j.get("family").asText()).isEqualTo("daly");
      assertThat(j.get("pack_v").decimalValue()).isEqualByComparingTo("13.2");
      assertThat(j.get("current_a").decimalValue()).isEqualByComparingTo("2.5");
      assertThat(j.get("current_wire_a").decimalValue()).isEqualByComparingTo("-2.5");
      assertThat(j.get("cells_v")).hasSize(4);
      assertThat(j.get("temperatures_c").get("T1").decimalValue()).isEqualByComparingTo("25");
    }
  }
}
