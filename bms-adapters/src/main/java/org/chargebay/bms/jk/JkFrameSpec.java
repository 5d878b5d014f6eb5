package org.chargebay.bms.jk;

import org.chargebay.bms.framing.FrameSpec;
import org.chargebay.bms.wire.Bytes;
import org.chargebay.bms.wire.ModbusCrc;

/**
 * Where JK frames start and end on a byte stream, for {@link
 * org.chargebay.bms.framing.FrameAccumulator}.
 */
public final class JkFrameSpec {

  private JkFrameSpec() {}

  /** {@code 4E 57 <len u16 BE>}: total = len + 2; byte total-5 must be {@code 68}. */
  public static final FrameSpec TLV =
      new FrameSpec() {
        @Override
        public boolean isStart(byte b) {
          return (b & 0xFF) == JkFrames.TLV_START_0;
        }

        @Override
        public int headerLength() {
          return 4;
        }

        @Override
        public int frameLength(byte[] buffer, int offset) {
          if ((buffer[offset + 1] & 0xFF) != JkFrames.TLV_START_1) {
            return -1;
          }
          int total = Bytes.u16be(buffer, offset + 2) + 2;
          return total < JkFrames.TLV_HEADER_LENGTH + JkFrames.TLV_TRAILER_LENGTH
                  || total > JkFrames.TLV_MAX_LENGTH
              ? -1
              : total;
        }

        @Override
        public int maxFrameLength() {
          return JkFrames.TLV_MAX_LENGTH;
        }

        @Override
        public boolean hasValidEnd(byte[] buffer, int offset, int frameLength) {
          return (buffer[offset + frameLength - 5] & 0xFF) == JkFrames.TLV_END;
        }
      };

  /**
   * {@code 55 AA EB 90}, 300 bytes. The frame has no end delimiter, so the end check is the sum8
   * checksum: a false start in the trailing ACK or in garbage then costs one byte, not a frame.
   */
  public static final FrameSpec PB =
      new FrameSpec() {
        @Override
        public boolean isStart(byte b) {
          return (b & 0xFF) == 0x55;
        }

        @Override
        public int headerLength() {
          return 4;
        }

        @Override
        public int frameLength(byte[] buffer, int offset) {
          boolean header =
              (buffer[offset + 1] & 0xFF) == 0xAA
                  && (buffer[offset + 2] & 0xFF) == 0xEB
                  && (buffer[offset + 3] & 0xFF) == 0x90;
          return header ? JkFrames.PB_FRAME_LENGTH : -1;
        }

        @Override
        public int maxFrameLength() {
          return JkFrames.PB_FRAME_LENGTH;
        }

        @Override
        public boolean hasValidEnd(byte[] buffer, int offset, int frameLength) {
          return (Bytes.sum(buffer, offset, frameLength - 1) & 0xFF)
              == (buffer[offset + frameLength - 1] & 0xFF);
        }
      };

  /**
   * What the host reads after triggering the PB board at {@code address}: the 300-byte {@code 55 AA
   * EB 90} frame and the board's Modbus FC 0x10 acknowledgement {@code <address> 10 <reg> <count>
   * <crc>} (8 bytes, CRC checked), with the zero bytes around them skipped as noise.
   */
  public static FrameSpec pbReply(int address) {
    return new FrameSpec() {
      @Override
      public boolean isStart(byte b) {
        return (b & 0xFF) == 0x55 || (b & 0xFF) == address;
      }

      @Override
      public int headerLength() {
        return 4;
      }

      @Override
      public int frameLength(byte[] buffer, int offset) {
        if (PB.frameLength(buffer, offset) == JkFrames.PB_FRAME_LENGTH) {
          return JkFrames.PB_FRAME_LENGTH;
        }
        return (buffer[offset] & 0xFF) == address
                && (buffer[offset + 1] & 0xFF) == JkFrames.FC_WRITE_MULTIPLE
            ? JkFrames.PB_ACK_LENGTH
            : -1;
      }

      @Override
      public int maxFrameLength() {
        return JkFrames.PB_FRAME_LENGTH;
      }

      @Override
      public boolean hasValidEnd(byte[] buffer, int offset, int frameLength) {
        if (frameLength == JkFrames.PB_FRAME_LENGTH) {
          return PB.hasValidEnd(buffer, offset, frameLength);
        }
        return ModbusCrc.compute(buffer, offset, frameLength - 2)
            == Bytes.u16le(buffer, offset + frameLength - 2);
      }
    };
  }

  /** PB triggers to any address (an emulated multi-drop bus with several boards). */
  public static final FrameSpec PB_TRIGGER_ANY =
      new FrameSpec() {
        @Override
        public boolean isStart(byte b) {
          return true;
        }

        @Override
        public int headerLength() {
          return 2;
        }

        @Override
        public int frameLength(byte[] buffer, int offset) {
          return (buffer[offset + 1] & 0xFF) == JkFrames.FC_WRITE_MULTIPLE
              ? JkFrames.PB_TRIGGER_LENGTH
              : -1;
        }

        @Override
        public int maxFrameLength() {
          return JkFrames.PB_TRIGGER_LENGTH;
        }

        @Override
        public boolean hasValidEnd(byte[] buffer, int offset, int frameLength) {
          return ModbusCrc.compute(buffer, offset, frameLength - 2)
              == Bytes.u16le(buffer, offset + frameLength - 2);
        }
      };

  /**
   * The PB trigger as an emulator at {@code address} receives it: {@code <address> 10 ...}, 11
   * bytes, ending with a valid Modbus CRC.
   */
  public static FrameSpec pbTrigger(int address) {
    return new FrameSpec() {
      @Override
      public boolean isStart(byte b) {
        return (b & 0xFF) == address;
      }

      @Override
      public int headerLength() {
        return 2;
      }

      @Override
      public int frameLength(byte[] buffer, int offset) {
        return (buffer[offset + 1] & 0xFF) == JkFrames.FC_WRITE_MULTIPLE
            ? JkFrames.PB_TRIGGER_LENGTH
            : -1;
      }

      @Override
      public int maxFrameLength() {
        return JkFrames.PB_TRIGGER_LENGTH;
      }

      @Override
      public boolean hasValidEnd(byte[] buffer, int offset, int frameLength) {
        return ModbusCrc.compute(buffer, offset, frameLength - 2)
            == Bytes.u16le(buffer, offset + frameLength - 2);
      }
    };
  }
}
