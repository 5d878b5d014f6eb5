package org.chargebay.simulator.serial;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.framing.FrameSpec;

/**
 * Several boards on one RS485 bus: every request goes to every board, and each answers only what is
 * addressed to it (JK PB boards by their Modbus address). Each board has its own pack.
 */
public final class MultiDropResponder implements BmsResponder {

  /**
   * One board on the bus.
   *
   * @param responder the board's protocol side (e.g. {@code JkResponder.pb(2)})
   * @param pack the board's own pack; the snapshot passed to {@link #answer} is ignored
   */
  public record Board(BmsResponder responder, org.chargebay.simulator.BmsBackend pack) {}

  private final FrameSpec spec;
  private final List<Board> boards;

  /**
   * @param spec how requests to any board are framed (e.g. {@code JkFrameSpec.PB_TRIGGER_ANY})
   */
  public MultiDropResponder(FrameSpec spec, List<Board> boards) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.boards = List.copyOf(boards);
  }

  @Override
  public FrameSpec requestSpec() {
    return spec;
  }

  @Override
  public List<byte[]> answer(byte[] request, BmsSnapshot ignored, MosfetSink mosfets) {
    List<byte[]> out = new ArrayList<>();
    for (Board board : boards) {
      BmsSnapshot s = board.pack().snapshot();
      out.addAll(
          board
              .responder()
              .answer(
                  request,
                  s,
                  (charge, discharge) ->
                      board
                          .pack()
                          .setFets(
                              charge == null ? s.chargeFet() : charge,
                              discharge == null ? s.dischargeFet() : discharge)));
    }
    return out;
  }
}
