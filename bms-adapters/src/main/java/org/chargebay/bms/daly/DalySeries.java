package org.chargebay.bms.daly;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.DroppedBytes;
import org.chargebay.bms.DroppedBytes.Reason;
import org.chargebay.bms.FrameError.BadField;
import org.chargebay.bms.FrameError.MissingValues;
import org.jspecify.annotations.Nullable;

/**
 * A decoded multi-frame reply: the cell voltages (0x95, 3 per frame) or temperatures (0x96, 7 per
 * frame) of a pack, value {@code k} (from 1) taken from frame {@code ceil(k / perFrame)} (frames
 * count from 1, PROTOCOLS.md 3 quirk 2), with what was set aside on the way.
 *
 * @param command 0x95 or 0x96
 * @param values cell mV (0x95) or °C (0x96), value 1 first: exactly the count asked for; without a
 *     count, every slot of frames 1 to the highest frame number kept (zero-filled slots included)
 * @param frames the frames kept, in the order they arrived (including frames beyond the count, such
 *     as the zero-filled extras some boards send)
 * @param dropped every byte not in a kept frame, with the reason
 */
public record DalySeries(
    int command, List<Integer> values, List<DalyStream.Kept> frames, List<DroppedBytes> dropped) {

  public DalySeries {
    values = List.copyOf(values);
    frames = List.copyOf(frames);
    dropped = List.copyOf(dropped);
  }

  /** The reply of a pack with no cells (sensors): nothing was asked. */
  public static DalySeries empty(int command) {
    return new DalySeries(command, List.of(), List.of(), List.of());
  }

  /** Values per frame: 3 cell voltages or 7 temperatures. */
  public static int perFrame(int command) {
    return command == DalyFrames.CELL_VOLTAGES
        ? DalyFrames.CELLS_PER_FRAME
        : DalyFrames.TEMPS_PER_FRAME;
  }

  /**
   * The first {@code count} values of the scanned reply, or why there are none. Refused:
   *
   * <ul>
   *   <li>{@link BadField} if a whole frame is numbered 0: the boards of the cited captures count
   *       from 1, the V1.2 PDF from 0, and a board counting from 0 would shift every value by one
   *       frame, so the numbers cannot be trusted to place any value;
   *   <li>{@link MissingValues} naming every value whose frame was not kept and what became of the
   *       frame;
   *   <li>without a count, {@link BadField} if a frame was lost (checksum, cut short, truncated,
   *       ambiguous): it may have held values, so the values present may not be all there are.
   * </ul>
   *
   * @param count the cell (sensor) count, from 0x94 or the caller; null if unknown
   * @param bytes the bytes scanned, for the rejection
   */
  public static DecodeResult<DalySeries> assemble(
      DalyStream.Scan scan, @Nullable Integer count, byte[] bytes) {
    int command = scan.command();
    int perFrame = perFrame(command);
    String field = String.format(Locale.ROOT, "0x%02X frame number", command);
    for (DroppedBytes d : scan.dropped()) {
      if (d.reason() == Reason.FRAME_NUMBER_ZERO) {
        return DecodeResult.rejected(
            new BadField(
                field,
                "a whole frame at offset "
                    + d.offset()
                    + " is numbered 0; frames count from 1 on the boards the sources describe"
                    + " but from 0 in the V1.2 PDF, so no frame number can be trusted to place a"
                    + " value"),
            bytes);
      }
    }
    Map<Integer, DalyStream.Kept> byNumber = new HashMap<>();
    int highest = 0;
    for (DalyStream.Kept k : scan.frames()) {
      byNumber.put(k.number(), k);
      highest = Math.max(highest, k.number());
    }
    int needed = count == null ? highest : (count + perFrame - 1) / perFrame;
    int last = count == null ? needed * perFrame : count;
    List<Integer> missing = new ArrayList<>();
    List<String> causes = new ArrayList<>();
    for (int n = 1; n <= needed; n++) {
      if (!byNumber.containsKey(n)) {
        for (int v = (n - 1) * perFrame + 1; v <= Math.min(n * perFrame, last); v++) {
          missing.add(v);
        }
        causes.add(cause(scan, n));
      }
    }
    String quantity = command == DalyFrames.CELL_VOLTAGES ? "cell" : "temperature sensor";
    if (!missing.isEmpty()) {
      return DecodeResult.rejected(
          new MissingValues(quantity, missing, String.join("; ", causes)), bytes);
    }
    if (count == null) {
      List<String> lost =
          scan.dropped().stream()
              .filter(d -> d.reason().losesAFrame())
              .map(DalySeries::lost)
              .collect(Collectors.toList());
      if (!lost.isEmpty()) {
        return DecodeResult.rejected(
            new BadField(
                quantity + " count",
                "unknown, and frames were lost ("
                    + String.join("; ", lost)
                    + "), so values may be missing unnoticed"),
            bytes);
      }
    }
    List<Integer> values = new ArrayList<>(last);
    for (int n = 1; n <= needed; n++) {
      for (int v : byNumber.get(n).values()) {
        if (values.size() < last) {
          values.add(v);
        }
      }
    }
    return DecodeResult.decoded(new DalySeries(command, values, scan.frames(), scan.dropped()));
  }

  /**
   * E.g. "frame 3 dropped (checksum)"; "frame 3 not received whole" if a lost frame's number is
   * unknown (its number byte was lost or it is for another data ID); else "frame 3 not received".
   */
  private static String cause(DalyStream.Scan scan, int number) {
    Set<String> labels = new LinkedHashSet<>();
    boolean unnumbered = false;
    for (DroppedBytes d : scan.dropped()) {
      Integer n = d.frameNumber();
      if (d.reason().losesAFrame()) {
        if (n == null) {
          unnumbered = true;
        } else if (n == number) {
          labels.add(d.reason().label());
        }
      }
    }
    if (!labels.isEmpty()) {
      return "frame " + number + " dropped (" + String.join(", ", labels) + ")";
    }
    return "frame " + number + (unnumbered ? " not received whole" : " not received");
  }

  private static String lost(DroppedBytes d) {
    return (d.frameNumber() == null ? "a frame" : "frame " + d.frameNumber())
        + " at offset "
        + d.offset()
        + ": "
        + d.reason().label();
  }
}
