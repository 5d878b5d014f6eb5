package org.chargebay.bms.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DroppedBytes;
import org.chargebay.bms.DroppedBytes.Reason;
import org.chargebay.bms.FamilyExtras;
import org.chargebay.bms.RawFrame;
import org.chargebay.bms.daly.DalyChecksum;
import org.chargebay.bms.daly.DalyFrame;
import org.chargebay.bms.daly.DalyFrameSpec;
import org.chargebay.bms.daly.DalyFrames;
import org.chargebay.bms.vectors.FamilyVectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link DalyClient} against a scripted gateway on loopback that answers each request with captured
 * frames (daly-01, -06, -08, -09, -10), damaged at will in the 0x95 reply.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DalyClientTest {

  /** Long enough that a read waiting for the timeout shows in the elapsed time. */
  private static final Duration LONG = Duration.ofSeconds(2);

  private static final Duration SHORT = Duration.ofMillis(300);

  private static final byte[] CELLS = FamilyVectors.get("daly", "daly-09").frame();
  private static final List<Integer> TRUE_CELLS =
      List.of(
          3325, 3326, 3326, 3326, 3326, 3326, 3326, 3326, 3326, 3326, 3324, 3326, 3326, 3327, 3326,
          3324);

  private final ScriptedGateway gateway =
      ScriptedGateway.start(DalyFrameSpec.INSTANCE, DalyClientTest::captured);
  private final List<DalyClient> clients = new ArrayList<>();

  @AfterEach
  void tearDown() {
    clients.forEach(DalyClient::close);
    gateway.close();
  }

  private DalyClient client(Duration timeout) {
    TcpLink link = new TcpLink("127.0.0.1", gateway.port(), Duration.ofSeconds(1));
    DalyClient c =
        new DalyClient(
            new PortChannel(link), BmsOptions.create(o -> o.responseTimeout(timeout)), link::close);
    clients.add(c);
    return c;
  }

  /** The captured reply to each request; 0x97 and 0x98 (no capture) all clear. */
  static byte[] captured(byte[] request) {
    switch (request[2] & 0xFF) {
      case 0x90:
        return FamilyVectors.get("daly", "daly-01").frame();
      case 0x93:
        return FamilyVectors.get("daly", "daly-06").frame();
      case 0x94:
        return FamilyVectors.get("daly", "daly-08").frame();
      case 0x95:
        return CELLS;
      case 0x96:
        return FamilyVectors.get("daly", "daly-10").frame();
      case 0x97:
        return DalyFrames.encode(new DalyFrame.Balance(0));
      case 0x98:
        return DalyFrames.encode(new DalyFrame.Faults(0, 0));
      default:
        return new byte[0];
    }
  }

  /** The captured replies, with {@code cells} as the 0x95 reply. */
  static Function<byte[], byte[]> withCells(byte[] cells) {
    return request -> (request[2] & 0xFF) == 0x95 ? cells : captured(request);
  }

  static byte[] frames(int from, int to) {
    return Arrays.copyOfRange(CELLS, (from - 1) * 13, to * 13);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Frame {@code n} of daly-09 without {@code count} bytes from {@code at}. */
  static byte[] cutShort(int n, int at, int count) {
    byte[] f = frames(n, n);
    return concat(Arrays.copyOfRange(f, 0, at), Arrays.copyOfRange(f, at + count, 13));
  }

  private static FamilyExtras.Daly.Dropped dropped(BmsSnapshot s) {
    return ((FamilyExtras.Daly) s.extras()).dropped();
  }

  @Test
  void a_clean_round_uses_every_captured_reply_without_waiting_for_the_timeout() throws Exception {
    long start = System.nanoTime();

    BmsSnapshot s = client(LONG).read();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG);
    assertThat(s.cellMillivolts()).isEqualTo(TRUE_CELLS);
    assertThat(s.tempDeciCelsius()).containsExactly(150);
    assertThat(s.packMillivolts()).isEqualTo(53_200);
    assertThat(dropped(s)).isEqualTo(FamilyExtras.Daly.Dropped.NONE);
    assertThat(gateway.requests().stream().map(r -> r[2] & 0xFF))
        .containsExactly(0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98);
  }

  @Test
  void an_echoed_request_and_noise_between_frames_sent_byte_by_byte_are_set_aside_and_reported()
      throws Exception {
    byte[] echo = DalyFrames.request(DalyFrames.HOST_RS485, 0x95);
    byte[] noise = {0x00, (byte) 0xFF, (byte) 0xA5, 0x13};
    gateway.respond(withCells(concat(echo, frames(1, 2), noise, frames(3, 16))));
    gateway.chunkSize(1);

    BmsSnapshot s = client(LONG).read();

    assertThat(s.cellMillivolts()).isEqualTo(TRUE_CELLS);
    assertThat(dropped(s).cellVoltages())
        .containsExactly(
            new DroppedBytes(0, 13, Reason.JUNK, null), new DroppedBytes(39, 4, Reason.JUNK, null));
    assertThat(s.rawFrames()).contains(RawFrame.of(frames(1, 1)), RawFrame.of(frames(6, 6)));
  }

  @Test
  void a_reply_that_stops_inside_a_trailing_frame_is_used_without_waiting_for_the_timeout()
      throws Exception {
    gateway.respond(withCells(concat(frames(1, 6), Arrays.copyOf(frames(7, 7), 5))));
    long start = System.nanoTime();

    BmsSnapshot s = client(LONG).read();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG);
    assertThat(s.cellMillivolts()).isEqualTo(TRUE_CELLS);
  }

  @Test
  void a_needed_frame_two_bytes_short_fails_the_read_naming_the_missing_cells() {
    gateway.respond(withCells(concat(frames(1, 2), cutShort(3, 7, 2), frames(4, 16))));

    assertThatThrownBy(() -> client(SHORT).read())
        .isInstanceOf(BmsException.class)
        .hasMessageContaining(
            "Daly 0x95 reply from tcp://127.0.0.1:"
                + gateway.port()
                + " rejected: Cells 7-9 missing: frame 3 dropped (cut short).");
  }

  /**
   * A board that sends only the frames its 16 cells need, the last with checksum 0xA5 (daly-09
   * frame 6 with spare byte 0x54): that byte could be the start of a frame the read stopped in,
   * until the line stays quiet.
   */
  @Test
  void a_last_checksum_of_a5_is_used_once_the_line_stays_quiet() throws Exception {
    byte[] last = frames(6, 6);
    last[11] = 0x54;
    last[12] = (byte) DalyChecksum.compute(last);
    assertThat(last[12] & 0xFF).isEqualTo(0xA5);
    gateway.respond(withCells(concat(frames(1, 5), last)));
    long start = System.nanoTime();

    BmsSnapshot s = client(SHORT).read();

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(SHORT.minusMillis(5));
    assertThat(s.cellMillivolts()).isEqualTo(TRUE_CELLS);
    assertThat(dropped(s)).isEqualTo(FamilyExtras.Daly.Dropped.NONE);
  }

  @Test
  void no_cell_reply_times_out_naming_the_data_id() {
    gateway.respond(withCells(new byte[0]));

    assertThatThrownBy(() -> client(SHORT).read())
        .isInstanceOf(BmsException.class)
        .hasMessage("No Daly 0x95 reply from tcp://127.0.0.1:" + gateway.port() + " within 300 ms");
  }

  @Test
  void a_flood_of_noise_ends_the_read_at_the_byte_limit() {
    gateway.respond(withCells(concat(new byte[DalyClient.MAX_SERIES_BYTES], CELLS)));
    long start = System.nanoTime();

    assertThatThrownBy(() -> client(LONG).read())
        .isInstanceOf(BmsException.class)
        .hasMessageContaining("rejected: Cells 1-16 missing: frame 1 not received;");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG);
  }

  /**
   * A loopback TCP server standing in for an RS485 gateway: records each 13-byte request and
   * answers with what the responder returns (empty: no answer).
   */
}
