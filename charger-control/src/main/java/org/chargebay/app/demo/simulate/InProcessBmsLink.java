package org.chargebay.app.demo.simulate;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.framing.FrameAccumulator;
import org.chargebay.bms.jbd.JbdDecoder;
import org.chargebay.bms.jbd.JbdRequest;
import org.chargebay.bms.transport.ByteLink;
import org.chargebay.simulator.BmsBackend;
import org.chargebay.simulator.serial.BmsResponder;
import org.jspecify.annotations.Nullable;

/**
 * The simulation's BMS wire: the family's emulated board ({@link BmsResponder}) answers each
 * request the moment the controller's client writes it, in the controller's thread, with the same
 * frames the loopback emulators send; the client reads them back frame by frame. No socket and no
 * thread hand-off per request, and no wall-clock wait for a board that answers nothing: the virtual
 * clock does not move while the controller waits for a reply, so a timeout has no simulated
 * duration.
 *
 * <ul>
 *   <li>A board that answers (the bay's {@link BmsBackend#answers()}) has all its reply frames
 *       queued when the request is written; a read after the last of them fails at once, as a read
 *       that timed out on a line that went quiet (no simulated time passes while waiting).
 *   <li>A board that answers nothing (silent, rebooting) fails the read at once with an I/O error
 *       saying so; the client reports a failed read as it does for a timeout.
 * </ul>
 *
 * <p>The board's MOSFET commands are applied as {@code StreamEmulator} (and, for JBD, {@code
 * JbdEmulator}) apply them, reading the bay at the same points, so a run gives the same readings
 * and the same outcome as over loopback. Not thread-safe: the bay's loop is its only user.
 */
final class InProcessBmsLink implements ByteLink {

  private final String family;
  private final BmsResponder board;
  private final BmsBackend bay;
  private final FrameAccumulator requests;
  private final Deque<byte[]> replies = new ArrayDeque<>();
  private int offset;
  private @Nullable BmsSnapshot lastRead;

  /**
   * @param family the BMS family, for messages; {@code jbd} also selects the JBD board's way of
   *     reading the bay (only for reads, not for its MOSFET write)
   */
  InProcessBmsLink(String family, BmsResponder board, BmsBackend bay) {
    this.family = family;
    this.board = board;
    this.bay = bay;
    this.requests = new FrameAccumulator(board.requestSpec());
  }

  @Override
  public void write(byte[] data) {
    for (byte[] request : requests.feed(data, 0, data.length)) {
      if (!bay.answers()) {
        continue; // a silent or rebooting board applies nothing and answers nothing
      }
      BmsSnapshot now;
      if (family.equals("jbd") && !isJbdRead(request)) {
        now = placeholder();
      } else {
        now = bay.snapshot();
        lastRead = now;
      }
      replies.addAll(board.answer(request, now, this::mosfet));
    }
  }

  @Override
  public int read(byte[] buffer, int timeoutMillis) throws IOException {
    byte[] reply = replies.peekFirst();
    if (reply == null) {
      if (!bay.answers()) {
        throw new IOException(
            "the simulated " + family + " BMS does not answer (no reply within the timeout)");
      }
      // the board sent all it had and nothing more is coming: on the virtual clock the client's
      // timeout passes in no time, so the read fails now rather than after a wall-clock wait
      throw new IOException(
          "the simulated " + family + " BMS sent no more (no further reply within the timeout)");
    }
    int n = Math.min(buffer.length, reply.length - offset);
    System.arraycopy(reply, offset, buffer, 0, n);
    offset += n;
    if (offset == reply.length) {
      replies.removeFirst();
      offset = 0;
    }
    return n;
  }

  @Override
  public void discardInput() {
    replies.clear();
    offset = 0;
  }

  @Override
  public void reset() {
    discardInput();
    requests.reset();
  }

  @Override
  public String describe() {
    return "simulated-" + family;
  }

  @Override
  public void close() {
    discardInput();
  }

  /** As the emulators apply a MOSFET command: the JBD board sets both, the others read first. */
  private void mosfet(@Nullable Boolean charge, @Nullable Boolean discharge) {
    if (family.equals("jbd") && charge != null && discharge != null) {
      bay.setFets(charge, discharge);
      return;
    }
    BmsSnapshot now = bay.snapshot();
    bay.setFets(
        charge == null ? now.chargeFet() : charge,
        discharge == null ? now.dischargeFet() : discharge);
  }

  private static boolean isJbdRead(byte[] request) {
    return JbdDecoder.decodeRequest(request) instanceof Decoded<JbdRequest> d
        && d.value() instanceof JbdRequest.Read;
  }

  /** The JBD board's write needs no reading of the bay; its responder is handed the last one. */
  private BmsSnapshot placeholder() {
    BmsSnapshot s = lastRead;
    if (s == null) {
      s = bay.snapshot();
      lastRead = s;
    }
    return s;
  }
}
