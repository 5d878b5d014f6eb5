package org.chargebay.simulator.serial;

import java.util.List;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.framing.FrameSpec;

/**
 * One BMS family's side of the conversation: how its requests are framed, and the reply bytes to
 * each request, built as real frames from the pack's snapshot. Implementations are stateless apart
 * from counters and must not block.
 */
public interface BmsResponder {

  /** How requests are cut out of the byte stream. */
  FrameSpec requestSpec();

  /**
   * The reply to one complete request candidate.
   *
   * @param request a frame the request spec accepted (its checksum not yet checked)
   * @param snapshot the pack values to report
   * @param mosfets where MOSFET commands go (the emulator decides whether to apply them)
   * @return the reply frames in order; empty for no reply (an invalid or unknown request)
   */
  List<byte[]> answer(byte[] request, BmsSnapshot snapshot, MosfetSink mosfets);

  /** Receives a charge/discharge MOSFET command decoded from the wire. */
  interface MosfetSink {
    /**
     * @param charge the requested charge MOSFET state, null if the command leaves it
     * @param discharge the requested discharge MOSFET state, null if the command leaves it
     */
    void command(
        @org.jspecify.annotations.Nullable Boolean charge,
        @org.jspecify.annotations.Nullable Boolean discharge);
  }
}
