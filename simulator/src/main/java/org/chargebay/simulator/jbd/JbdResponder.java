package org.chargebay.simulator.jbd;

import java.util.List;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.framing.FrameSpec;
import org.chargebay.bms.jbd.JbdDecoder;
import org.chargebay.bms.jbd.JbdFrameSpec;
import org.chargebay.bms.jbd.JbdFrames;
import org.chargebay.bms.jbd.JbdRequest;
import org.chargebay.simulator.serial.BmsResponder;

/**
 * The JBD board of {@link JbdEmulator} as a {@link BmsResponder}, for serial lines and the
 * fault-injecting {@link org.chargebay.simulator.serial.StreamEmulator}: 0x03, 0x04, 0x05 reads and
 * the 0xE1 MOSFET write.
 */
public final class JbdResponder implements BmsResponder {

  @Override
  public FrameSpec requestSpec() {
    return JbdFrameSpec.REQUEST;
  }

  @Override
  public List<byte[]> answer(byte[] request, BmsSnapshot s, MosfetSink mosfets) {
    DecodeResult<JbdRequest> r = JbdDecoder.decodeRequest(request);
    if (!(r instanceof Decoded<JbdRequest> d)) {
      return List.of();
    }
    JbdRequest req = d.value();
    if (req instanceof JbdRequest.Read read) {
      switch (read.register()) {
        case JbdFrames.REG_BASIC_INFO:
          return List.of(JbdFrames.encodeBasicInfo(JbdEmulator.basicInfo(s)));
        case JbdFrames.REG_CELLS:
          return List.of(JbdFrames.encodeCells(JbdEmulator.cells(s)));
        case JbdFrames.REG_HARDWARE:
          return List.of(JbdFrames.encodeHardware(JbdEmulator.DEFAULT_MODEL));
        default:
          return List.of();
      }
    }
    if (req instanceof JbdRequest.Write write && write.register() == JbdFrames.REG_MOSFET_CONTROL) {
      int command = write.value() & 0xFF;
      mosfets.command((command & 0x01) == 0, (command & 0x02) == 0);
      return List.of(JbdFrames.encodeWriteAck(JbdFrames.REG_MOSFET_CONTROL));
    }
    return List.of();
  }
}
