package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;

import org.chargebay.simulator.supply.EmulatedModel;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** {@code chargebay supply probe|set} against the emulators, in-process through {@code run}. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SupplyCliIT {

  @Test
  void probe_prints_the_detected_model_and_a_full_reading_as_json() {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.RD6018)) {
      var r = PymodbusInteropIT.cli("probe", "--url", b.url(), "--unit", "1");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out())
          .startsWith("{\"model\": \"RD6018\"")
          .contains(
              "\"set_v\": 0",
              "\"out_a\": 0",
              "\"out_w\": 0",
              "\"input_v\": 60",
              "\"mode\": \"CV\"",
              "\"output_on\": false",
              "\"protection\": \"none\"",
              "\"ovp_v\": 62",
              "\"ocp_a\": 18.5",
              "\"temp_c\": 31.0",
              "\"hardware_protection\": true");
      assertThat(r.out()).containsPattern("\"out_v\": 3[0-9]\\.[0-9]+");
    }
  }

  @Test
  void set_writes_the_backstop_the_setpoint_and_the_output_and_prints_the_read_back() {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.DPS5020)) {
      var r =
          PymodbusInteropIT.cli(
              "set", "--url", b.url(), "--volts", "33.2", "--amps", "1.25", "--output", "on");
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out())
          .contains(
              "\"model\": \"DPS5020\"",
              "\"set_v\": 33.2",
              "\"set_a\": 1.25",
              "\"output_on\": true",
              "\"ovp_v\": 34.86",
              "\"ocp_a\": 1.38");
      assertThat(b.bay.state().setAmps()).as("DPS5020 centiamps, not milliamps").isEqualTo(1.25);
      var off =
          PymodbusInteropIT.cli(
              "set", "--url", b.url(), "--volts", "33.2", "--amps", "1.25", "--output", "off");
      assertThat(off.out()).contains("\"output_on\": false");
      assertThat(b.bay.state().outputOn()).isFalse();
    }
  }

  @Test
  void an_xy_unit_needs_its_model_named() {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.XY_SK120)) {
      var r = PymodbusInteropIT.cli("probe", "--url", b.url(), "--model", "XY-SK120");
      assertThat(r.code()).as(r.out()).isZero();
      assertThat(r.out()).contains("\"model\": \"XY-SK120\"", "\"temp_c\": 31.5");
    }
  }

  @Test
  void an_unreachable_supply_is_a_json_error_with_exit_2_and_no_stack_trace() {
    int port = ExternalProcess.freePort();
    var r =
        PymodbusInteropIT.cli(
            "probe", "--url", "modbus-tcp://127.0.0.1:" + port, "--timeout-ms", "300");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).startsWith("{\"error\":\"supply_unreachable\",\"reason\":\"");
    assertThat(r.out() + r.err()).doesNotContain("\tat ", "Exception:");
  }

  @Test
  void a_serial_port_that_does_not_exist_is_unreachable_not_a_crash() {
    var rtu =
        PymodbusInteropIT.cli(
            "probe", "--url", "rtu:/dev/chargebay-no-such-port", "--timeout-ms", "300");
    assertThat(rtu.code()).isEqualTo(2);
    assertThat(rtu.out())
        .startsWith("{\"error\":\"supply_unreachable\"")
        .contains("/dev/chargebay-no-such-port");
    var dph =
        PymodbusInteropIT.cli(
            "probe", "--url", "dph:/dev/chargebay-no-such-port", "--timeout-ms", "300");
    assertThat(dph.code()).isEqualTo(2);
    assertThat(dph.out()).startsWith("{\"error\":\"supply_unreachable\"");
  }

  @Test
  void a_refusal_is_a_json_error_with_exit_2() {
    try (EmulatedBench b = new EmulatedBench(EmulatedModel.RD6006)) {
      var r =
          PymodbusInteropIT.cli(
              "set", "--url", b.url(), "--volts", "61", "--amps", "1", "--output", "off");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out())
          .startsWith("{\"error\":\"supply_refused\"")
          .contains("RD6006")
          .contains("60000 mV");
    }
  }

  @Test
  void usage_errors_exit_64_with_a_help_hint_on_stderr() {
    var none = PymodbusInteropIT.cli();
    assertThat(none.code()).isEqualTo(64);
    var missing = PymodbusInteropIT.cli("set", "--url", "modbus-tcp://127.0.0.1:1", "--volts", "5");
    assertThat(missing.code()).isEqualTo(64);
    assertThat(missing.err())
        .contains("Missing required options: '--amps=A', '--output=on|off'")
        .contains("Try 'chargebay supply set --help'");
    var badUrl = PymodbusInteropIT.cli("probe", "--url", "http://x:1");
    assertThat(badUrl.code()).isEqualTo(64);
    assertThat(badUrl.err()).contains("scheme must be modbus-tcp, rtu, rtu-tcp, riden-wifi or dph");
    var badOutput =
        PymodbusInteropIT.cli(
            "set", "--url", "modbus-tcp://h:1", "--volts", "5", "--amps", "1", "--output", "maybe");
    assertThat(badOutput.code()).isEqualTo(64);
    assertThat(PymodbusInteropIT.cli("probe", "--url", "modbus-tcp://h:1", "--bogus", "1").code())
        .isEqualTo(64);
    assertThat(none.out() + missing.out() + badUrl.out()).isEmpty();
  }
}
