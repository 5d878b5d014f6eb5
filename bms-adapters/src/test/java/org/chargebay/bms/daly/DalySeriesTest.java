package org.chargebay.bms.daly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.DroppedBytes;
import org.chargebay.bms.DroppedBytes.Reason;
import org.chargebay.bms.FrameError;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.vectors.FamilyVectors;
import org.chargebay.bms.vectors.Prng;
import org.chargebay.bms.wire.Bytes;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Multi-frame replies read until a timeout ({@link DalyDecoder#decodeSeries}): the three shapes
 * seen in real reads, each built from the captured frames of daly-09 (16 frames of 0x95, 16S) and
 * daly-10 (2 frames of 0x96), and properties over random mixtures of them.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DalySeriesTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] CELLS = FamilyVectors.get("daly", "daly-09").frame();
  private static final byte[] TEMPS = FamilyVectors.get("daly", "daly-10").frame();
  private static final List<Integer> TRUE_CELLS = expectedMillivolts();

  /** The host's 0x95 request as a two-wire RS485 adapter echoes it back. */
  private static final byte[] ECHO =
      DalyFrames.request(DalyFrames.HOST_RS485, DalyFrames.CELL_VOLTAGES);

  private static final DalyStream.End CUT = DalyStream.End.MAY_BE_CUT;

  private static List<Integer> expectedMillivolts() {
    List<Integer> mv = new ArrayList<>();
    FamilyVectors.get("daly", "daly-09")
        .expected()
        .get("cells_v")
        .forEach(v -> mv.add((int) Math.round(v.asDouble() * 1000)));
    return List.copyOf(mv);
  }

  /** Frame {@code n} (from 1) of a captured reply. */
  static byte[] frame(byte[] reply, int n) {
    return Arrays.copyOfRange(reply, (n - 1) * 13, n * 13);
  }

  /** Frames {@code from..to} (from 1, inclusive) of a captured reply. */
  static byte[] frames(byte[] reply, int from, int to) {
    return Arrays.copyOfRange(reply, (from - 1) * 13, to * 13);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** {@code f} without {@code count} bytes from {@code at}. */
  static byte[] without(byte[] f, int at, int count) {
    return concat(Arrays.copyOfRange(f, 0, at), Arrays.copyOfRange(f, at + count, f.length));
  }

  /**
   * {@code f} with the spare byte (11, junk per PROTOCOLS.md 3 quirk 5) set and the checksum fixed.
   */
  static byte[] withSpare(byte[] f, int spare) {
    byte[] g = f.clone();
    g[11] = (byte) spare;
    g[12] = (byte) DalyChecksum.compute(g);
    return g;
  }

  private static DalySeries decoded(DecodeResult<DalySeries> r) {
    assertThat(r).as("%s", r).isInstanceOf(Decoded.class);
    return ((Decoded<DalySeries>) r).value();
  }

  private static FrameError error(DecodeResult<DalySeries> r) {
    assertThat(r).as("%s", r).isInstanceOf(Rejected.class);
    return ((Rejected<DalySeries>) r).error();
  }

  private static List<Integer> numbers(DalySeries s) {
    return s.frames().stream().map(DalyStream.Kept::number).toList();
  }

  // ---------------------------------------------------------------- clean captures

  @Test
  void the_clean_captures_decode_with_nothing_dropped() {
    DalySeries cells = decoded(DalyDecoder.decodeSeries(CELLS, 0x95, 16, CUT));
    assertThat(cells.values()).isEqualTo(TRUE_CELLS);
    assertThat(numbers(cells)).hasSize(16).startsWith(1, 2, 3).endsWith(16);
    assertThat(cells.dropped()).isEmpty();

    DalySeries temps = decoded(DalyDecoder.decodeSeries(TEMPS, 0x96, 1, CUT));
    assertThat(temps.values()).containsExactly(15);
    assertThat(temps.dropped()).isEmpty();
  }

  // ---------------------------------------------------------------- shape (a): truncated

  @Test
  void a_read_that_stopped_inside_a_trailing_extra_frame_keeps_the_whole_frames() {
    byte[] read = concat(frames(CELLS, 1, 8), Arrays.copyOf(frame(CELLS, 9), 5));

    DalySeries s = decoded(DalyDecoder.decodeSeries(read, 0x95, 16, CUT));

    assertThat(s.values()).isEqualTo(TRUE_CELLS);
    assertThat(s.dropped()).containsExactly(new DroppedBytes(104, 5, Reason.TRUNCATED, 9));
  }

  @Test
  void a_read_that_stopped_inside_a_needed_frame_names_the_missing_cell() {
    byte[] read = concat(frames(CELLS, 1, 5), Arrays.copyOf(frame(CELLS, 6), 7));

    assertThat(error(DalyDecoder.decodeSeries(read, 0x95, 16, CUT)))
        .isEqualTo(
            new FrameError.MissingValues("cell", List.of(16), "frame 6 dropped (truncated)"));
    assertThat(DalyStream.scan(read, 0x95, CUT).dropped())
        .containsExactly(new DroppedBytes(65, 7, Reason.TRUNCATED, 6));
  }

  @Test
  void a_temperature_read_that_stopped_inside_its_second_frame_serves_one_sensor_but_not_eight() {
    byte[] read = Arrays.copyOf(TEMPS, 13 + 6);

    assertThat(decoded(DalyDecoder.decodeSeries(read, 0x96, 1, CUT)).values()).containsExactly(15);
    assertThat(error(DalyDecoder.decodeSeries(read, 0x96, 8, CUT)))
        .isEqualTo(
            new FrameError.MissingValues(
                "temperature sensor", List.of(8), "frame 2 dropped (truncated)"));
    // stopped before the frame number: the frame is not named
    assertThat(error(DalyDecoder.decodeSeries(Arrays.copyOf(TEMPS, 13 + 4), 0x96, 8, CUT)))
        .isEqualTo(
            new FrameError.MissingValues(
                "temperature sensor", List.of(8), "frame 2 not received whole"));
    assertThat(error(DalyDecoder.decodeSeries(frame(TEMPS, 1), 0x96, 8, CUT)))
        .isEqualTo(
            new FrameError.MissingValues("temperature sensor", List.of(8), "frame 2 not received"));
  }

  // ---------------------------------------------------------------- shape (b): junk between frames

  @Test
  void junk_between_frames_is_skipped_and_reported() {
    byte[] noise = HEX.parseHex("00ffa513");
    byte[] read = concat(ECHO, frames(CELLS, 1, 2), noise, frames(CELLS, 3, 16));

    DalySeries s = decoded(DalyDecoder.decodeSeries(read, 0x95, 16, CUT));

    assertThat(s.values()).isEqualTo(TRUE_CELLS);
    assertThat(numbers(s)).hasSize(16);
    assertThat(s.dropped())
        .containsExactly(
            new DroppedBytes(0, 13, Reason.JUNK, null), new DroppedBytes(39, 4, Reason.JUNK, null));
  }

  @Test
  void a_frame_start_among_the_junk_is_reported_as_a_cut_short_frame() {
    byte[] read = concat(frame(TEMPS, 1), HEX.parseHex("a501960802"), frame(TEMPS, 2));

    DalySeries s = decoded(DalyDecoder.decodeSeries(read, 0x96, 14, CUT));

    assertThat(s.values())
        .containsExactly(15, -40, -40, -40, -40, -40, -40, -40, -40, -40, -40, -40, -40, -40);
    assertThat(s.dropped()).containsExactly(new DroppedBytes(13, 5, Reason.SHORT, 2));
  }

  // ---------------------------------------------------------------- shape (c): a frame two bytes
  // short

  @Test
  void a_needed_frame_two_bytes_short_is_dropped_and_the_later_frames_are_found_again() {
    byte[] read = concat(frames(CELLS, 1, 2), without(frame(CELLS, 3), 7, 2), frames(CELLS, 4, 16));

    assertThat(error(DalyDecoder.decodeSeries(read, 0x95, 16, CUT)))
        .isEqualTo(
            new FrameError.MissingValues("cell", List.of(7, 8, 9), "frame 3 dropped (cut short)"));
    DalyStream.Scan scan = DalyStream.scan(read, 0x95, CUT);
    assertThat(scan.frames().stream().map(DalyStream.Kept::number))
        .containsExactly(1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    assertThat(scan.frames().get(2).offset()).isEqualTo(37);
    assertThat(scan.dropped()).containsExactly(new DroppedBytes(26, 11, Reason.SHORT, 3));
  }

  @Test
  void an_extra_frame_two_bytes_short_costs_nothing_but_is_reported() {
    byte[] read =
        concat(frames(CELLS, 1, 9), without(frame(CELLS, 10), 5, 2), frames(CELLS, 11, 16));

    DalySeries s = decoded(DalyDecoder.decodeSeries(read, 0x95, 16, CUT));

    assertThat(s.values()).isEqualTo(TRUE_CELLS);
    assertThat(s.dropped()).containsExactly(new DroppedBytes(117, 11, Reason.SHORT, 10));
  }

  /**
   * Frame 3 with spare byte 0x4F (junk per quirk 5) and bytes 7-8 lost: the 13 bytes from its start
   * end in the next frame's {@code A5 01} and pass the checksum, decoding to a cell of 20.403 V. A
   * decoder that trusts the checksum alone returns that value.
   */
  @Test
  void a_frame_cut_short_whose_checksum_matches_by_chance_is_not_used() {
    byte[] cut = without(withSpare(frame(CELLS, 3), 0x4F), 7, 2);
    byte[] read = concat(frames(CELLS, 1, 2), cut, frames(CELLS, 4, 6));
    byte[] window = Arrays.copyOfRange(read, 26, 39);
    assertThat(DalyDecoder.decode(window, 0x95))
        .isEqualTo(
            DecodeResult.decoded(new DalyFrame.CellVoltages(3, List.of(0x0CFE, 0x0CFE, 20_403))));

    assertThat(error(DalyDecoder.decodeSeries(read, 0x95, 16, CUT)))
        .isEqualTo(
            new FrameError.MissingValues(
                "cell", List.of(7, 8, 9), "frame 3 dropped (a frame start inside it)"));
    assertThat(DalyStream.scan(read, 0x95, CUT).dropped())
        .containsExactly(new DroppedBytes(26, 11, Reason.AMBIGUOUS, 3));
  }

  // ---------------------------------------------------------------- frame numbers

  @Test
  void a_repeated_frame_number_keeps_the_first_frame_and_says_so() {
    byte[] other = frame(CELLS, 2).clone();
    Bytes.put16be(other, 5, 3000);
    other[12] = (byte) DalyChecksum.compute(other);
    byte[] read = concat(frames(CELLS, 1, 2), other, frames(CELLS, 3, 6));

    DalySeries s = decoded(DalyDecoder.decodeSeries(read, 0x95, 16, CUT));

    assertThat(s.values()).isEqualTo(TRUE_CELLS);
    assertThat(s.dropped()).containsExactly(new DroppedBytes(26, 13, Reason.DUPLICATE, 2));
    assertThat(s.dropped().get(0).describe())
        .isEqualTo(
            "13 bytes at offset 26 (frame 2): a repeated frame number; the first frame with it is kept.");
  }

  @Test
  void a_frame_numbered_zero_refuses_the_reply() {
    byte[] zero = frame(CELLS, 1).clone();
    zero[4] = 0;
    zero[12] = (byte) DalyChecksum.compute(zero);
    byte[] read = concat(zero, CELLS);

    FrameError e = error(DalyDecoder.decodeSeries(read, 0x95, 16, CUT));

    assertThat(e).isInstanceOf(FrameError.BadField.class);
    assertThat(((FrameError.BadField) e).field()).isEqualTo("0x95 frame number");
    assertThat(e.describe()).contains("offset 0 is numbered 0");
  }

  @Test
  void a_whole_frame_for_another_data_id_is_set_aside() {
    byte[] read = concat(frames(CELLS, 1, 3), frame(TEMPS, 1), frames(CELLS, 4, 6));

    DalySeries s = decoded(DalyDecoder.decodeSeries(read, 0x95, 16, CUT));

    assertThat(s.values()).isEqualTo(TRUE_CELLS);
    assertThat(s.dropped()).containsExactly(new DroppedBytes(39, 13, Reason.OTHER_COMMAND, null));
  }

  // ---------------------------------------------------------------- the end of the read

  /** Frame 6 with spare byte 0x54 carries checksum 0xA5, the start byte. */
  @Test
  void a_last_checksum_of_a5_is_a_frame_start_unless_the_line_went_quiet() {
    byte[] last = withSpare(frame(CELLS, 6), 0x54);
    assertThat(last[12] & 0xFF).isEqualTo(0xA5);
    byte[] read = concat(frames(CELLS, 1, 5), last);

    assertThat(error(DalyDecoder.decodeSeries(read, 0x95, 16, CUT)))
        .isEqualTo(
            new FrameError.MissingValues(
                "cell", List.of(16), "frame 6 dropped (a frame start inside it)"));
    assertThat(
            decoded(DalyDecoder.decodeSeries(read, 0x95, 16, DalyStream.End.LINE_QUIET)).values())
        .isEqualTo(TRUE_CELLS);
    // with more bytes after it, it is a checksum again
    assertThat(
            decoded(DalyDecoder.decodeSeries(concat(read, frame(CELLS, 7)), 0x95, 16, CUT))
                .values())
        .isEqualTo(TRUE_CELLS);
  }

  // ---------------------------------------------------------------- without a count

  @Test
  void without_a_count_every_slot_up_to_the_highest_frame_is_returned() {
    DalySeries s = decoded(DalyDecoder.decodeSeries(CELLS, 0x95, null, CUT));
    assertThat(s.values()).hasSize(48).startsWith(TRUE_CELLS.toArray(new Integer[0]));
  }

  @Test
  void without_a_count_a_gap_names_its_cells_and_a_lost_frame_refuses_the_reply() {
    byte[] gap = concat(frames(CELLS, 1, 2), without(frame(CELLS, 3), 7, 2), frames(CELLS, 4, 16));
    assertThat(error(DalyDecoder.decodeSeries(gap, 0x95, null, CUT)))
        .isEqualTo(
            new FrameError.MissingValues("cell", List.of(7, 8, 9), "frame 3 dropped (cut short)"));

    byte[] truncated = concat(frames(CELLS, 1, 8), Arrays.copyOf(frame(CELLS, 9), 5));
    assertThat(error(DalyDecoder.decodeSeries(truncated, 0x95, null, CUT)))
        .isEqualTo(
            new FrameError.BadField(
                "cell count",
                "unknown, and frames were lost (frame 9 at offset 104: truncated), so values may be missing unnoticed"));
  }

  // ---------------------------------------------------------------- properties

  /**
   * A reply as the board sent it, then damaged: pieces are whole frames, frames that lost bytes
   * after their 4-byte header, and junk; the byte stream is the pieces in order, possibly cut.
   */
  record Damaged(
      byte[] stream, int command, int count, List<Integer> truth, List<Integer> missing) {}

  private static final class Piece {
    final byte[] bytes;
    final int number; // 0 for junk
    final boolean cutShort; // a frame that lost bytes, or junk that begins like a frame

    Piece(byte[] bytes, int number, boolean cutShort) {
      this.bytes = bytes;
      this.number = number;
      this.cutShort = cutShort;
    }
  }

  /**
   * A random damaged reply. Mutations: junk between pieces (noise, the echoed request, the first
   * 1-12 bytes of a frame), a frame losing 1-9 bytes after its header, and (if {@code mayCut}) the
   * read stopping anywhere. Never generated: junk right after a piece cut short. Those 13 bytes
   * from its start then hold no frame start, and only the 8-bit checksum stands between them and a
   * wrong value (see {@link DalyStream}).
   */
  static Damaged damaged(Prng r, boolean mayCut) {
    boolean cells = r.nextBoolean();
    int command = cells ? 0x95 : 0x96;
    byte[] reply = cells ? CELLS : TEMPS;
    int perFrame = DalySeries.perFrame(command);
    int total = reply.length / 13;
    int count = r.between(1, cells ? 16 : 14);
    int needed = (count + perFrame - 1) / perFrame;
    List<Integer> truth =
        cells
            ? TRUE_CELLS.subList(0, count)
            : decoded(DalyDecoder.decodeSeries(TEMPS, 0x96, count, CUT)).values();
    List<Piece> pieces = new ArrayList<>();
    int sent = r.between(needed, total);
    for (int n = 1; n <= sent; n++) {
      pieces.add(new Piece(frame(reply, n), n, false));
    }
    for (int k = r.between(1, 4); k > 0; k--) {
      if (r.nextBoolean()) {
        int at = r.between(0, pieces.size());
        if (at > 0 && pieces.get(at - 1).cutShort) {
          continue;
        }
        pieces.add(at, junk(r, reply));
      } else {
        int at = r.between(0, pieces.size() - 1);
        Piece p = pieces.get(at);
        boolean junkNext = at + 1 < pieces.size() && pieces.get(at + 1).number == 0;
        if (p.number == 0 || p.cutShort || junkNext) {
          continue;
        }
        int lost = r.between(1, 9);
        pieces.set(at, new Piece(without(p.bytes, r.between(4, 13 - lost), lost), p.number, true));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Integer> whole = new ArrayList<>();
    List<int[]> spans = new ArrayList<>();
    for (Piece p : pieces) {
      spans.add(new int[] {out.size(), out.size() + p.bytes.length});
      out.writeBytes(p.bytes);
    }
    byte[] stream = out.toByteArray();
    int cut = mayCut && r.nextBoolean() ? r.between(0, stream.length) : stream.length;
    for (int i = 0; i < pieces.size(); i++) {
      Piece p = pieces.get(i);
      if (p.number > 0 && !p.cutShort && spans.get(i)[1] <= cut) {
        whole.add(p.number);
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int v = 1; v <= count; v++) {
      if (!whole.contains((v - 1) / perFrame + 1)) {
        missing.add(v);
      }
    }
    return new Damaged(Arrays.copyOf(stream, cut), command, count, truth, missing);
  }

  private static Piece junk(Prng r, byte[] reply) {
    switch (r.between(0, 2)) {
      case 0:
        return new Piece(r.bytes(r.between(1, 20)), 0, false);
      case 1:
        return new Piece(ECHO.clone(), 0, false);
      default:
        byte[] f = frame(reply, r.between(1, reply.length / 13));
        return new Piece(Arrays.copyOf(f, r.between(1, 12)), 0, true);
    }
  }

  /**
   * Junk, truncation and frames cut short never yield a wrong value: the reply decodes to exactly
   * the captured values when every frame the count needs arrived whole, and is otherwise refused
   * naming exactly the values of the frames that did not.
   */
  @Property(tries = 1000)
  void damage_never_yields_a_wrong_value(@ForAll long seed) {
    checkNeverWrong(damaged(new Prng(seed), true), CUT);
  }

  /** The same with the line known to have gone quiet after the last byte (no truncation). */
  @Property(tries = 500)
  void damage_never_yields_a_wrong_value_when_the_line_went_quiet(@ForAll long seed) {
    checkNeverWrong(damaged(new Prng(seed), false), DalyStream.End.LINE_QUIET);
  }

  private static void checkNeverWrong(Damaged d, DalyStream.End end) {
    DecodeResult<DalySeries> r = DalyDecoder.decodeSeries(d.stream(), d.command(), d.count(), end);
    String where = HEX.formatHex(d.stream()) + " count " + d.count();
    if (d.missing().isEmpty()) {
      assertThat(r).as(where).isInstanceOf(Decoded.class);
      assertThat(((Decoded<DalySeries>) r).value().values()).as(where).isEqualTo(d.truth());
    } else {
      assertThat(r).as(where).isInstanceOf(Rejected.class);
      FrameError e = ((Rejected<DalySeries>) r).error();
      assertThat(e).as(where).isInstanceOf(FrameError.MissingValues.class);
      assertThat(((FrameError.MissingValues) e).missing()).as(where).isEqualTo(d.missing());
    }
  }

  /** Every byte is in exactly one kept frame or one dropped range, in order. */
  @Property(tries = 500)
  void every_byte_is_kept_or_reported_once(@ForAll long seed) {
    Prng r = new Prng(seed);
    Damaged d = damaged(r, true);
    byte[] stream = r.nextBoolean() ? d.stream() : r.bytes(r.between(0, 64));
    DalyStream.Scan scan =
        DalyStream.scan(stream, d.command(), r.nextBoolean() ? CUT : DalyStream.End.LINE_QUIET);
    List<int[]> spans = new ArrayList<>();
    scan.frames().forEach(k -> spans.add(new int[] {k.offset(), 13}));
    scan.dropped().forEach(x -> spans.add(new int[] {x.offset(), x.length()}));
    spans.sort(Comparator.comparingInt(s -> s[0]));
    int at = 0;
    for (int[] s : spans) {
      assertThat(s[0]).as(HEX.formatHex(stream)).isEqualTo(at);
      at += s[1];
    }
    assertThat(at).isEqualTo(stream.length);
    for (DalyStream.Kept k : scan.frames()) {
      assertThat(k.raw().bytes())
          .isEqualTo(Arrays.copyOfRange(stream, k.offset(), k.offset() + 13));
    }
  }
}
