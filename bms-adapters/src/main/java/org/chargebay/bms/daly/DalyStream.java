package org.chargebay.bms.daly;

import static org.chargebay.bms.wire.Bytes.u8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.DroppedBytes;
import org.chargebay.bms.DroppedBytes.Reason;
import org.chargebay.bms.RawFrame;
import org.chargebay.bms.wire.Bytes;
import org.jspecify.annotations.Nullable;

/**
 * Cuts the frames of one multi-frame reply (0x95 cell voltages, 0x96 temperatures) out of the bytes
 * read until a timeout, keeping every whole frame and accounting for every other byte with a {@link
 * DroppedBytes}. Pure; never throws for wire data.
 *
 * <p>Real reads hold more than whole 13-byte frames (PROTOCOLS.md 3, quirk 3; dbus-serialbattery
 * warns of corrupted 0x95 frames): the read stops part-way through a trailing frame, noise sits
 * between frames, or a frame lost bytes and every later boundary moved. So frame boundaries are
 * found, not counted:
 *
 * <ol>
 *   <li>A <em>frame start</em> is {@code A5 01 <any data ID> 08} (start byte, the BMS's reply
 *       address, length byte). Near the end of the bytes only the bytes present must match, so
 *       {@code A5} or {@code A5 01} as the last bytes is a frame start the read stopped in, unless
 *       {@link End#LINE_QUIET} says the board had stopped sending (then a lone {@code A5} as the
 *       very last byte is not one).
 *   <li>A <em>whole frame</em> is 13 bytes from a frame start whose sum8 checksum matches and
 *       inside which no other frame starts. The last condition catches a frame that lost bytes: the
 *       13 bytes from its start run into the next frame, and if its checksum matched by chance (1
 *       in 256), the values would be wrong; such a window is {@link Reason#AMBIGUOUS}, not used.
 *   <li>A whole frame of the requested data ID is kept, unless it is numbered 0 ({@link
 *       Reason#FRAME_NUMBER_ZERO}) or an earlier kept frame has its number ({@link
 *       Reason#DUPLICATE}: the first one is kept). A whole frame of another data ID is {@link
 *       Reason#OTHER_COMMAND}.
 *   <li>Between whole frames, each frame start begins a damaged frame that runs to the next frame
 *       start or 13 bytes, whichever comes first: {@link Reason#CHECKSUM} if it got all 13 bytes,
 *       {@link Reason#TRUNCATED} if the bytes end inside it, {@link Reason#SHORT} (or {@link
 *       Reason#AMBIGUOUS}) if the next frame starts inside it. Every other byte is {@link
 *       Reason#JUNK}.
 * </ol>
 *
 * <p>Every byte is then in exactly one kept frame or one dropped range. A wrong value can still get
 * through in one case only the checksum guards: a frame cut short and followed directly by noise
 * (not by the next frame's start), whose 13 bytes then match the sum8 checksum by chance.
 */
public final class DalyStream {

  private DalyStream() {}

  /** What is known about the end of the bytes. */
  public enum End {
    /**
     * The read may have stopped while the board was still sending (a timeout), or nothing is known
     * (a pasted capture). A frame start among the last bytes is one, however few of its bytes
     * arrived.
     */
    MAY_BE_CUT,
    /**
     * The line had been quiet for a while after the last byte, so the board had stopped sending: a
     * lone {@code A5} as the very last byte is the checksum of the frame it ends, not the first
     * byte of a frame that never came. Without this, every reply whose last checksum is {@code
     * 0xA5} (1 in 256 cell-voltage combinations, for as long as the pack rests there) would lose
     * its last frame.
     */
    LINE_QUIET
  }

  /**
   * A whole frame kept.
   *
   * @param offset where it starts in the bytes read
   * @param number its frame number (byte 4), from 1
   * @param values its 3 cell voltages in mV (0x95) or 7 temperatures in °C (0x96), zero-filled
   *     slots included
   * @param raw its 13 bytes
   */
  public record Kept(int offset, int number, List<Integer> values, RawFrame raw) {
    public Kept {
      values = List.copyOf(values);
    }
  }

  /**
   * The frames of one reply.
   *
   * @param command the data ID asked for, 0x95 or 0x96
   * @param frames the kept frames in the order they arrived
   * @param dropped every other byte, in order
   */
  public record Scan(int command, List<Kept> frames, List<DroppedBytes> dropped) {
    public Scan {
      frames = List.copyOf(frames);
      dropped = List.copyOf(dropped);
    }
  }

  /**
   * The data ID of the first full frame header {@code A5 01 95 08} or {@code A5 01 96 08} in {@code
   * bytes}, or null if there is none: whether the bytes are (meant as) a multi-frame reply.
   */
  public static @Nullable Integer seriesCommand(byte[] bytes) {
    for (int i = 0; i + 3 < bytes.length; i++) {
      int id = u8(bytes, i + 2);
      if (isStart(bytes, i, End.MAY_BE_CUT)
          && (id == DalyFrames.CELL_VOLTAGES || id == DalyFrames.TEMPERATURES)) {
        return id;
      }
    }
    return null;
  }

  /**
   * Cuts {@code bytes} into kept frames and dropped ranges (see the class comment).
   *
   * @param command {@link DalyFrames#CELL_VOLTAGES} or {@link DalyFrames#TEMPERATURES}
   * @throws IllegalArgumentException for another data ID (a programming error, not wire data)
   */
  public static Scan scan(byte[] bytes, int command, End end) {
    if (command != DalyFrames.CELL_VOLTAGES && command != DalyFrames.TEMPERATURES) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "0x%02X is not a multi-frame data ID", command));
    }
    int n = bytes.length;
    boolean[] start = new boolean[n];
    for (int i = 0; i < n; i++) {
      start[i] = isStart(bytes, i, end);
    }
    List<Kept> kept = new ArrayList<>();
    List<DroppedBytes> dropped = new ArrayList<>();
    Set<Integer> numbers = new HashSet<>();
    int gap = 0;
    int p = 0;
    while (p < n) {
      if (!isWhole(bytes, start, p)) {
        p++;
        continue;
      }
      damaged(bytes, start, gap, p, command, dropped);
      int id = u8(bytes, p + 2);
      int number = u8(bytes, p + 4);
      if (id != command) {
        dropped.add(new DroppedBytes(p, DalyFrames.FRAME_LENGTH, Reason.OTHER_COMMAND, null));
      } else if (number == 0) {
        dropped.add(new DroppedBytes(p, DalyFrames.FRAME_LENGTH, Reason.FRAME_NUMBER_ZERO, 0));
      } else if (!numbers.add(number)) {
        dropped.add(new DroppedBytes(p, DalyFrames.FRAME_LENGTH, Reason.DUPLICATE, number));
      } else {
        byte[] frame = Arrays.copyOfRange(bytes, p, p + DalyFrames.FRAME_LENGTH);
        kept.add(new Kept(p, number, values(frame, command), RawFrame.of(frame)));
      }
      p += DalyFrames.FRAME_LENGTH;
      gap = p;
    }
    damaged(bytes, start, gap, n, command, dropped);
    return new Scan(command, kept, dropped);
  }

  /** {@code A5 01 xx 08}, matched as far as the bytes go. */
  private static boolean isStart(byte[] b, int i, End end) {
    int n = b.length;
    if (u8(b, i) != DalyFrames.START) {
      return false;
    }
    if (i == n - 1) {
      return end == End.MAY_BE_CUT;
    }
    return u8(b, i + 1) == DalyFrames.BMS_ADDRESS
        && (i + 3 >= n || u8(b, i + 3) == DalyFrames.DATA_LENGTH);
  }

  /** A frame start with all 13 bytes, a matching checksum and no frame start inside. */
  private static boolean isWhole(byte[] b, boolean[] start, int i) {
    if (!start[i] || i + DalyFrames.FRAME_LENGTH > b.length || !checksumMatches(b, i)) {
      return false;
    }
    return nextStart(start, i + 1, i + DalyFrames.FRAME_LENGTH) == i + DalyFrames.FRAME_LENGTH;
  }

  private static boolean checksumMatches(byte[] b, int i) {
    return (Bytes.sum(b, i, DalyFrames.FRAME_LENGTH - 1) & 0xFF)
        == u8(b, i + DalyFrames.FRAME_LENGTH - 1);
  }

  /** The first frame start in {@code [from, to)}, or {@code to}. */
  private static int nextStart(boolean[] start, int from, int to) {
    for (int i = from; i < to; i++) {
      if (start[i]) {
        return i;
      }
    }
    return to;
  }

  /** Accounts for {@code [from, to)}, which holds no whole frame: damaged frames and junk. */
  private static void damaged(
      byte[] b, boolean[] start, int from, int to, int command, List<DroppedBytes> dropped) {
    int p = from;
    while (p < to) {
      int s = nextStart(start, p, to);
      if (s > p) {
        dropped.add(new DroppedBytes(p, s - p, Reason.JUNK, null));
      }
      if (s == to) {
        return;
      }
      int next = nextStart(start, s + 1, to);
      int end = Math.min(s + DalyFrames.FRAME_LENGTH, next);
      Reason reason;
      if (end == s + DalyFrames.FRAME_LENGTH) {
        reason = Reason.CHECKSUM;
      } else if (end == b.length) {
        reason = Reason.TRUNCATED;
      } else if (s + DalyFrames.FRAME_LENGTH <= b.length && checksumMatches(b, s)) {
        reason = Reason.AMBIGUOUS;
      } else {
        reason = Reason.SHORT;
      }
      Integer number = end - s > 4 && u8(b, s + 2) == command ? u8(b, s + 4) : null;
      dropped.add(new DroppedBytes(s, end - s, reason, number));
      p = end;
    }
  }

  private static List<Integer> values(byte[] frame, int command) {
    DalyFrame f = ((Decoded<DalyFrame>) DalyDecoder.decode(frame, command)).value();
    return f instanceof DalyFrame.CellVoltages c
        ? c.millivolts()
        : ((DalyFrame.Temperatures) f).celsius();
  }
}
