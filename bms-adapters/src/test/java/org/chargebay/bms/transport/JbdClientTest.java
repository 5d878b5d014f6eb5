package org.chargebay.bms.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.function.Function;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.MosfetReadBackException;
import org.chargebay.bms.RawFrame;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.bms.jbd.JbdBasicInfo;
import org.chargebay.bms.jbd.JbdDecoder;
import org.chargebay.bms.jbd.JbdFrameSpec;
import org.chargebay.bms.jbd.JbdFrames;
import org.chargebay.bms.jbd.JbdVectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The JBD client as a bay opens it ({@link BmsClients#open} with a {@code tcp://} URL) against a
 * scripted fake gateway on loopback that answers with captured frames, split and corrupted at will,
 * or as a board whose MOSFET byte follows the 0xE1 writes it applies. The emulator-based round
 * trips live in the simulator module.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JbdClientTest {

  /**
   * The response timeout of the tests that wait for it to expire: short enough to wait for, long
   * enough that the normal reads those tests also make pass on a loaded machine.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  /** The response timeout of every other read: generous, a loaded machine may be slow. */
  private static final Duration GENEROUS = Duration.ofSeconds(10);

  private static final byte[] BASIC_INFO = JbdVectors.get("jbd-01").frame();
  private static final byte[] CELLS = JbdVectors.get("jbd-02").frame();
  private static final byte[] ACK = JbdFrames.encodeWriteAck(JbdFrames.REG_MOSFET_CONTROL);

  /** 0xE1 write, data 00 00: both MOSFETs on. */
  private static final byte[] WRITE_BOTH_ON = JbdVectors.hex("dd5ae1020000ff1d77");

  /** 0xE1 write, data 00 01: charge MOSFET off, discharge on. */
  private static final byte[] WRITE_CHARGE_OFF = JbdVectors.hex("dd5ae1020001ff1c77");

  private final ScriptedGateway gateway =
      ScriptedGateway.start(JbdFrameSpec.REQUEST, JbdClientTest::captured);
  private final String url = "tcp://127.0.0.1:" + gateway.port();
  private final BmsClient client =
      BmsClients.open("jbd", url, BmsOptions.create(o -> o.responseTimeout(GENEROUS)));
  private @Nullable BmsClient quick;

  /** A client with the short {@link #TIMEOUT}, for the tests that let it expire. */
  private BmsClient quick() {
    if (quick == null) {
      quick = BmsClients.open("jbd", url, BmsOptions.create(o -> o.responseTimeout(TIMEOUT)));
    }
    return quick;
  }

  @AfterEach
  void tearDown() {
    client.close();
    if (quick != null) {
      quick.close();
    }
    gateway.close();
  }

  @Test
  void reads_basic_info_then_cells_and_combines_them() throws Exception {
    gateway.respond(JbdClientTest::captured);

    BmsSnapshot snapshot = client.read();

    assertThat(snapshot.packMillivolts()).isEqualTo(15_600);
    assertThat(snapshot.cellMillivolts()).containsExactly(3_909, 3_901, 3_895, 3_901);
    assertThat(snapshot.rawFrames()).containsExactly(RawFrame.of(BASIC_INFO), RawFrame.of(CELLS));
    assertThat(gateway.requests())
        .containsExactly(JbdFrames.readBasicInfo(), JbdFrames.readCells());
  }

  @Test
  void reads_the_hardware_string_as_the_pack_id_trimmed_and_none_when_blank() throws Exception {
    gateway.respond(request -> JbdFrames.encodeHardware(" SN-2024-0042\0\0"));

    assertThat(client.readHardwareId()).contains("SN-2024-0042");
    assertThat(gateway.requests()).containsExactly(JbdFrames.readHardware());

    gateway.respond(request -> JbdFrames.encodeHardware("  "));
    assertThat(client.readHardwareId()).isEmpty();
  }

  @Test
  void reassembles_replies_sent_byte_by_byte_after_line_noise() throws Exception {
    gateway.chunkSize(1);
    gateway.respond(request -> concat(JbdVectors.hex("00 dd 77 13"), captured(request)));

    BmsSnapshot snapshot = client.read();

    assertThat(snapshot.tempDeciCelsius()).containsExactly(224, 223, 217);
    assertThat(snapshot.cellCount()).isEqualTo(4);
  }

  @Test
  void skips_a_stray_reply_for_another_register() throws Exception {
    gateway.respond(request -> request[2] == 0x03 ? concat(CELLS, BASIC_INFO) : captured(request));

    assertThat(client.read().packMillivolts()).isEqualTo(15_600);
  }

  @Test
  void a_corrupted_reply_fails_with_its_reason_and_the_next_call_succeeds() throws Exception {
    byte[] corrupted = BASIC_INFO.clone();
    corrupted[6] ^= 0x01;
    gateway.respond(request -> request[2] == 0x03 ? corrupted : captured(request));

    assertThatThrownBy(client::read)
        .isInstanceOf(BmsException.class)
        .hasMessageContaining("JBD basic info (0x03) reply from " + url + " rejected")
        .hasMessageContaining(
            "Checksum mismatch: the frame carries 0xFA8D but its bytes give 0xFA8C.");

    gateway.respond(JbdClientTest::captured);
    assertThat(client.read().packMillivolts()).isEqualTo(15_600);
  }

  @Test
  void an_error_status_is_reported() {
    gateway.respond(request -> JbdFrames.response(request[2] & 0xFF, 0x80, new byte[0]));

    assertThatThrownBy(client::read)
        .isInstanceOf(BmsException.class)
        .hasMessageContaining("The BMS answered with error status 0x80");
  }

  @Test
  void no_reply_times_out_after_the_response_timeout() {
    gateway.respond(request -> new byte[0]);
    long start = System.nanoTime();

    assertThatThrownBy(quick()::read)
        .isInstanceOf(BmsException.class)
        .hasMessage("No JBD basic info (0x03) reply from " + url + " within 1000 ms");

    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(elapsed).isBetween(TIMEOUT.minusMillis(5), TIMEOUT.plusSeconds(2));
  }

  @Test
  void a_gateway_that_hangs_up_is_reported_and_the_client_reconnects() throws Exception {
    gateway.respond(request -> null); // null: hang up

    assertThatThrownBy(client::read)
        .isInstanceOf(BmsException.class)
        .hasMessageContaining("closed the connection");

    gateway.respond(JbdClientTest::captured);
    assertThat(client.read().cellMillivolts()).hasSize(4);
    assertThat(gateway.connections()).isEqualTo(2);
  }

  @Test
  void charge_fet_off_writes_the_discharge_fet_as_just_read_and_reads_the_result_back()
      throws Exception {
    Board board = new Board(true, false);
    gateway.respond(board);

    client.setChargeFet(false);

    assertThat(gateway.requests())
        .containsExactly(
            JbdFrames.readBasicInfo(),
            JbdFrames.writeMosfets(false, false),
            JbdFrames.readBasicInfo(),
            JbdFrames.readCells());
    assertThat(board.charge).isFalse();
    assertThat(board.discharge).isFalse();
  }

  @Test
  void charge_fet_on_and_off_keep_the_discharge_fet_on() throws Exception {
    Board board = new Board(true, true);
    gateway.respond(board);

    client.setChargeFet(false);
    client.setChargeFet(true);

    assertThat(gateway.requests())
        .filteredOn(r -> (r[2] & 0xFF) == JbdFrames.REG_MOSFET_CONTROL)
        .containsExactly(WRITE_CHARGE_OFF, WRITE_BOTH_ON);
    assertThat(board.charge).isTrue();
    assertThat(board.discharge).isTrue();
  }

  @Test
  void a_board_that_acknowledges_but_does_not_switch_fails_the_read_back() {
    Board board = new Board(true, true);
    board.applyWrites = false;
    gateway.respond(board);

    assertThatThrownBy(() -> client.setChargeFet(false))
        .isInstanceOfSatisfying(
            MosfetReadBackException.class,
            e -> {
              assertThat(e.requested()).isFalse();
              assertThat(e.readBack().chargeFet()).isTrue();
            })
        .hasMessage(
            "JBD BMS on "
                + url
                + " did not switch the charge MOSFET off: the read-back shows it on");
    assertThat(gateway.requests()).contains(WRITE_CHARGE_OFF);
  }

  @Test
  void a_board_that_stops_answering_still_gets_the_command_with_the_last_read_discharge_fet()
      throws Exception {
    Board board = new Board(true, true);
    gateway.respond(board);
    quick().read();
    board.silent = true;

    assertThatThrownBy(() -> quick().setChargeFet(false))
        .isInstanceOf(BmsException.class)
        .hasMessage("No JBD MOSFET write (0xE1) reply from " + url + " within 1000 ms")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .satisfies(
                        s ->
                            assertThat(s)
                                .hasMessage(
                                    "No JBD basic info (0x03) reply from "
                                        + url
                                        + " within 1000 ms")));

    assertThat(gateway.requests())
        .containsExactly(
            JbdFrames.readBasicInfo(),
            JbdFrames.readCells(),
            JbdFrames.readBasicInfo(),
            WRITE_CHARGE_OFF);
  }

  @Test
  void with_nothing_read_yet_a_silent_board_gets_no_guessed_command() {
    Board board = new Board(true, true);
    board.silent = true;
    gateway.respond(board);

    assertThatThrownBy(() -> quick().setChargeFet(false))
        .isInstanceOf(BmsException.class)
        .hasMessage("No JBD basic info (0x03) reply from " + url + " within 1000 ms");

    assertThat(gateway.requests()).containsExactly(JbdFrames.readBasicInfo());
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /**
   * A board answering the captured jbd-01 basic info with its MOSFET bits replaced by its own
   * state, jbd-02 cells and the 0xE1 ack; an 0xE1 write (data {@code 00 XX}: bit 0 = charge off,
   * bit 1 = discharge off) switches its state unless {@link #applyWrites} is off.
   */
  static final class Board implements Function<byte[], byte[]> {
    private static final JbdBasicInfo INFO =
        ((Decoded<JbdBasicInfo>) JbdDecoder.decodeBasicInfo(BASIC_INFO)).value();

    volatile boolean charge;
    volatile boolean discharge;
    volatile boolean applyWrites = true;
    volatile boolean silent;

    Board(boolean charge, boolean discharge) {
      this.charge = charge;
      this.discharge = discharge;
    }

    @Override
    public byte[] apply(byte[] request) {
      if (silent) {
        return new byte[0];
      }
      switch (request[2] & 0xFF) {
        case 0x03:
          return JbdFrames.encodeBasicInfo(
              new JbdBasicInfo(
                  INFO.packMillivolts(),
                  INFO.currentMilliamps(),
                  INFO.remainingMilliampHours(),
                  INFO.nominalMilliampHours(),
                  INFO.cycles(),
                  INFO.productionDate(),
                  INFO.balanceBits(),
                  INFO.protectionBits(),
                  INFO.softwareVersion(),
                  INFO.socPercent(),
                  charge,
                  discharge,
                  INFO.cellCount(),
                  INFO.tempDeciCelsius()));
        case 0x04:
          return CELLS;
        case 0xE1:
          if (applyWrites) {
            int command = request[5] & 0xFF;
            charge = (command & 0x01) == 0;
            discharge = (command & 0x02) == 0;
          }
          return ACK;
        default:
          return new byte[0];
      }
    }
  }

  /** The captured reply for a request: jbd-01, jbd-02 or the MOSFET ack. */
  static byte[] captured(byte[] request) {
    switch (request[2] & 0xFF) {
      case 0x03:
        return BASIC_INFO;
      case 0x04:
        return CELLS;
      case 0xE1:
        return ACK;
      default:
        return new byte[0];
    }
  }
}
