package org.chargebay.simulator.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.simulator.ant.AntResponder;
import org.chargebay.simulator.daly.DalyResponder;
import org.chargebay.simulator.jbd.JbdResponder;
import org.chargebay.simulator.jk.JkResponder;
import org.chargebay.simulator.serial.IndependentBmsDecoder.Reading;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The BMS emulators answer the request bytes real hosts send (the {@code request_hex} of the
 * protocol fixtures, named by vector id) with frames that {@link IndependentBmsDecoder}, written
 * from the protocol notes without our codecs, accepts and reads back as the pack's values.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ResponderInteropTest {

  private static final HexFormat HEX = HexFormat.of();
  private final BmsSnapshot pack = new FakePack().snapshot();
  private final List<String> mosfetCommands = new ArrayList<>();
  private final BmsResponder.MosfetSink sink =
      (charge, discharge) -> mosfetCommands.add(charge + "/" + discharge);

  private List<byte[]> answer(BmsResponder responder, String requestHex) {
    List<byte[]> reply = responder.answer(HEX.parseHex(requestHex), pack, sink);
    assertThat(mosfetCommands).as("a read must not switch anything").isEmpty();
    return reply;
  }

  private static byte[] only(List<byte[]> reply) {
    assertThat(reply).hasSize(1);
    return reply.get(0);
  }

  @Test
  void jbd_answers_the_captured_reads_of_0x03_0x04_and_0x05() {
    JbdResponder jbd = new JbdResponder();
    // jbd-01 request
    Reading info = IndependentBmsDecoder.jbd(only(answer(jbd, "dda50300fffd77")), 0x03);
    assertThat(info.packMillivolts()).isEqualTo(13200);
    assertThat(info.currentMilliamps()).isEqualTo(2500);
    assertThat(info.socPercent()).isEqualTo(55);
    assertThat(info.chargeFet()).isTrue();
    assertThat(info.dischargeFet()).isTrue();
    assertThat(info.cellCount()).isEqualTo(4);
    // jbd-02 request
    Reading cells = IndependentBmsDecoder.jbd(only(answer(jbd, "dda50400fffc77")), 0x04);
    assertThat(cells.cellMillivolts()).containsExactly(3301, 3302, 3303, 3304);
    // jbd-03 request
    Reading model = IndependentBmsDecoder.jbd(only(answer(jbd, "dda50500fffb77")), 0x05);
    assertThat(model.text()).isNotBlank();
  }

  /** The emulator has no protection counters: the 0xAA read (jbd-04 request) gets no reply. */
  @Test
  void jbd_does_not_answer_the_undocumented_counter_read() {
    assertThat(answer(new JbdResponder(), "dda5aa00ff5677")).isEmpty();
  }

  @Test
  void jk_tlv_answers_the_captured_read_all() {
    // jk-01 request
    Reading r =
        IndependentBmsDecoder.jkTlv(
            only(answer(JkResponder.tlv(), "4e5700130000000006030000000000006800000129")));
    assertThat(r.cellMillivolts()).containsExactly(3301, 3302, 3303, 3304);
    assertThat(r.packMillivolts()).isEqualTo(13200);
    assertThat(r.currentMilliamps()).isEqualTo(2500);
    assertThat(r.socPercent()).isEqualTo(55);
    assertThat(r.chargeFet()).isTrue();
    assertThat(r.dischargeFet()).isTrue();
    assertThat(r.cellCount()).isEqualTo(4);
  }

  @Test
  void jk_tlv_with_a_serial_reports_it_as_the_manufacturer_id_record() {
    byte[] reply =
        only(answer(JkResponder.tlv("SIM-13S-0001"), "4e5700130000000006030000000000006800000129"));
    org.chargebay.bms.jk.JkTlvStatus s =
        ((org.chargebay.bms.Decoded<org.chargebay.bms.jk.JkTlvStatus>)
                org.chargebay.bms.jk.JkDecoder.decodeTlv(reply))
            .value();
    assertThat(s.manufacturerId()).isEqualTo("SIM-13S-0001");
    assertThat(s.hardwareId()).contains("SIM-13S-0001");
    assertThat(IndependentBmsDecoder.jkTlv(reply).cellCount()).isEqualTo(4);
  }

  /**
   * No PB request was captured; the trigger is the documented one of PROTOCOLS.md 2b ({@code
   * jkbms_pb.py}, {@code JKBMS-PB.md}).
   */
  @Test
  void jk_pb_answers_the_documented_status_trigger_with_frame_and_acknowledgement() {
    List<byte[]> reply = answer(JkResponder.pb(1), "011016200001020000d6f1");
    assertThat(reply).hasSize(4);
    Reading r = IndependentBmsDecoder.jkPb(reply.get(0));
    assertThat(r.cellMillivolts()).containsExactly(3301, 3302, 3303, 3304);
    assertThat(r.packMillivolts()).isEqualTo(13200);
    assertThat(r.currentMilliamps()).isEqualTo(2500);
    assertThat(r.socPercent()).isEqualTo(55);
    assertThat(r.chargeFet()).isTrue();
    assertThat(r.dischargeFet()).isTrue();
    assertThat(reply.get(1)).containsExactly(0);
    assertThat(IndependentBmsDecoder.modbusAck(reply.get(2))).containsExactly(1, 0x1620, 1);
    assertThat(reply.get(3)).containsExactly(0);
  }

  @Test
  void daly_answers_the_captured_reads_of_0x90_to_0x96() {
    DalyResponder daly = new DalyResponder(true, BmsConventions.DEFAULTS.dalyCurrentSign());
    // daly-01 request
    Reading p = IndependentBmsDecoder.dalyPack(only(answer(daly, "a540900800000000000000007d")));
    assertThat(p.packMillivolts()).isEqualTo(13200);
    assertThat(p.currentMilliamps())
        .isEqualTo((long) BmsConventions.DEFAULTS.dalyCurrentSign().apply(2500));
    assertThat(p.socPercent()).isEqualTo(55);
    // daly-04, daly-05, daly-06, daly-08 requests: one valid frame of the asked data ID each
    for (String request :
        List.of(
            "a540910800000000000000007e",
            "a540920800000000000000007f",
            "a5409308000000000000000080",
            "a5409408000000000000000081")) {
      int id = Integer.parseInt(request.substring(4, 6), 16);
      byte[] data = IndependentBmsDecoder.daly(only(answer(daly, request)), id);
      if (id == 0x93) {
        assertThat(data[1]).as("charge MOS").isEqualTo((byte) 1);
        assertThat(data[2]).as("discharge MOS").isEqualTo((byte) 1);
      }
      if (id == 0x91) {
        assertThat(data).startsWith(0x0C, (byte) 0xE8, 4, 0x0C, (byte) 0xE5, 1);
      }
      if (id == 0x92) {
        assertThat(data).startsWith(65, 1, 64, 2);
      }
      if (id == 0x94) {
        assertThat(data[0]).as("cells").isEqualTo((byte) 4);
        assertThat(data[1]).as("sensors").isEqualTo((byte) 2);
      }
    }
    // daly-09 request: 16 zero-filled frames as that capture has
    List<byte[]> cellFrames = answer(daly, "a5409508000000000000000082");
    assertThat(cellFrames).hasSize(16);
    assertThat(IndependentBmsDecoder.dalyCells(cellFrames, 4).cellMillivolts())
        .containsExactly(3301, 3302, 3303, 3304);
    // daly-10 request
    for (byte[] f : answer(daly, "a5409608000000000000000083")) {
      IndependentBmsDecoder.daly(f, 0x96);
    }
  }

  @Test
  void ant_new_answers_the_captured_status_and_device_info_requests() {
    AntResponder ant = AntResponder.newProtocol(BmsConventions.DEFAULTS);
    // ant-01 request
    Reading r = IndependentBmsDecoder.antNew(only(answer(ant, "7ea1010000be1855aa55")));
    assertThat(r.cellMillivolts()).containsExactly(3301, 3302, 3303, 3304);
    assertThat(r.packMillivolts()).isEqualTo(13200);
    assertThat(r.currentMilliamps()).isEqualTo(2500);
    assertThat(r.socPercent()).isEqualTo(55);
    // ant-05 request
    Reading info = IndependentBmsDecoder.antNew(only(answer(ant, "7ea1026c022058c4aa55")));
    assertThat(info.text()).isEqualTo("SIM/CHARGEBAY-SIM");
  }

  @Test
  void ant_legacy_answers_both_captured_read_requests() {
    AntResponder ant = AntResponder.legacy(BmsConventions.DEFAULTS);
    // ant-06 (ESPHome UART) and ant-07 (BLE, also serial) requests
    for (String request : List.of("5a5a00000101", "dbdb00000000")) {
      Reading r = IndependentBmsDecoder.antLegacy(only(answer(ant, request)));
      assertThat(r.cellMillivolts()).as(request).containsExactly(3301, 3302, 3303, 3304);
      assertThat(r.packMillivolts()).as(request).isEqualTo(13200);
      assertThat(r.currentMilliamps())
          .as(request)
          .isEqualTo((long) BmsConventions.DEFAULTS.antLegacyCurrentSign().apply(2500));
      assertThat(r.socPercent()).as(request).isEqualTo(55);
      assertThat(r.chargeFet()).as(request).isTrue();
      assertThat(r.dischargeFet()).as(request).isTrue();
    }
  }
}
