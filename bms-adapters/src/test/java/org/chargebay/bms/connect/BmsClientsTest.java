package org.chargebay.bms.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsOptions;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BmsClientsTest {

  @Test
  void parses_tcp_and_serial_urls() {
    assertThat(BmsClients.parse("tcp://10.0.0.7:4196"))
        .isEqualTo(new BmsClients.Endpoint("tcp", "10.0.0.7", 4196, null));
    assertThat(BmsClients.parse("serial:/dev/ttyUSB0"))
        .isEqualTo(new BmsClients.Endpoint("serial", "/dev/ttyUSB0", 0, null));
    assertThat(BmsClients.parse("serial:/dev/ttyUSB0?baud=19200"))
        .isEqualTo(new BmsClients.Endpoint("serial", "/dev/ttyUSB0", 0, 19200));
    assertThat(BmsClients.parse("/dev/pts/3"))
        .isEqualTo(new BmsClients.Endpoint("serial", "/dev/pts/3", 0, null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://x:1|unsupported BMS URL 'http://x:1'; expected tcp://host:port or serial:/dev/ttyUSB0[?baud=9600]",
        "tcp://host|BMS URL 'tcp://host' needs a host and a port 1-65535",
        "tcp://host:70000|BMS URL 'tcp://host:70000' needs a host and a port 1-65535",
        "serial:ttyUSB0|serial URL 'serial:ttyUSB0' needs an absolute device path",
        "serial:/dev/ttyUSB0?baud=fast|baud in 'serial:/dev/ttyUSB0?baud=fast' is not a number",
        "serial:/dev/ttyUSB0?baud=12|baud in 'serial:/dev/ttyUSB0?baud=12' must be 300-4000000",
        "serial:/dev/ttyUSB0?parity=even|unknown parameter 'parity=even' in 'serial:/dev/ttyUSB0?parity=even'; only baud=N is supported"
      })
  void bad_urls_are_refused_with_a_clear_message(String url, String message) {
    assertThatThrownBy(() -> BmsClients.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void bad_family_and_protocol_are_refused_with_a_clear_message() {
    assertThatThrownBy(() -> BmsClients.open("victron", "tcp://127.0.0.1:1", BmsOptions.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown BMS family 'victron'; expected one of jbd, jk, daly, ant");
    assertThatThrownBy(
            () ->
                BmsClients.open(
                    "jk", "tcp://127.0.0.1:1", BmsOptions.create(o -> o.protocol("modbus"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown JK protocol 'modbus'; expected tlv or pb");
    assertThatThrownBy(
            () ->
                BmsClients.open(
                    "ant", "tcp://127.0.0.1:1", BmsOptions.create(o -> o.protocol("v2"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown ANT protocol 'v2'; expected new or legacy");
    assertThatThrownBy(
            () ->
                BmsClients.open(
                    "daly", "tcp://127.0.0.1:1", BmsOptions.create(o -> o.protocol("tlv"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("daly has a single protocol; remove protocol 'tlv'");
    assertThatThrownBy(() -> BmsOptions.create(o -> o.baud(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baud must be 300-4000000, was 10");
  }

  @Test
  void a_serial_port_cannot_be_shared_at_two_speeds_and_is_released_on_close() {
    try (BmsClient a = BmsClients.open("jk", "serial:/dev/chargebay-none", BmsOptions.DEFAULTS)) {
      assertThatThrownBy(
              () -> BmsClients.open("daly", "serial:/dev/chargebay-none", BmsOptions.DEFAULTS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("serial port /dev/chargebay-none is already open at 115200 baud, not 9600");
      try (BmsClient b =
          BmsClients.open(
              "jk",
              "serial:/dev/chargebay-none",
              BmsOptions.create(o -> o.protocol("pb").address(2)))) {
        assertThat(b).isNotSameAs(a);
      }
    }
    try (BmsClient c = BmsClients.open("daly", "serial:/dev/chargebay-none", BmsOptions.DEFAULTS)) {
      assertThatThrownBy(c::read)
          .isInstanceOf(BmsException.class)
          .hasMessageContaining("cannot open serial port /dev/chargebay-none");
    }
  }

  @Test
  void a_closed_client_refuses_calls_and_a_refused_connection_is_a_bms_exception() {
    BmsClient client = BmsClients.open("jbd", "tcp://127.0.0.1:1", BmsOptions.DEFAULTS);
    assertThatThrownBy(client::read)
        .isInstanceOf(BmsException.class)
        .hasMessageContaining("tcp://127.0.0.1:1");
    client.close();
    assertThatThrownBy(client::read)
        .isInstanceOf(BmsException.class)
        .hasMessage("JBD client for tcp://127.0.0.1:1 is closed");
  }
}
