package org.chargebay.bms.ant;

import org.chargebay.bms.framing.FrameSpec;
import org.chargebay.bms.wire.Bytes;

/** Where ANT frames start and end on a byte stream. */
public final class AntFrameSpec {

  private AntFrameSpec() {}

  /**
   * New-protocol replies: {@code 7E A1 <func> <addr> <len>}, length by {@link
   * AntDecoder#newFrameLength}, ending {@code AA 55}.
   */
  public static final FrameSpec NEW_REPLY = newSpec(false);

  /** New-protocol requests (for emulators): always 10 bytes, ending {@code AA 55}. */
  public static final FrameSpec NEW_REQUEST = newSpec(true);

  /** Legacy replies: {@code AA 55 AA FF}, 140 bytes, the end check is the sum16 checksum. */
  public static final FrameSpec LEGACY_REPLY =
      new FrameSpec() {
        @Override
        public boolean isStart(byte b) {
          return (b & 0xFF) == 0xAA;
        }

        @Override
        public int headerLength() {
          return 4;
        }

        @Override
        public int frameLength(byte[] buffer, int offset) {
          return (buffer[offset + 1] & 0xFF) == 0x55
                  && (buffer[offset + 2] & 0xFF) == 0xAA
                  && (buffer[offset + 3] & 0xFF) == 0xFF
              ? AntFrames.LEGACY_LENGTH
              : -1;
        }

        @Override
        public int maxFrameLength() {
          return AntFrames.LEGACY_LENGTH;
        }

        @Override
        public boolean hasValidEnd(byte[] buffer, int offset, int frameLength) {
          return (Bytes.sum(buffer, offset + 4, frameLength - 6) & 0xFFFF)
              == Bytes.u16be(buffer, offset + frameLength - 2);
        }
      };

  /**
   * Legacy requests (for emulators): {@code 5A 5A}, {@code DB DB} or {@code A5 A5}, 6 bytes, sum8
   * end.
   */
  public static final FrameSpec LEGACY_REQUEST =
      new FrameSpec() {
        @Override
        public boolean isStart(byte b) {
          int v = b & 0xFF;
          return v == 0x5A || v == 0xDB || v == AntFrames.LEGACY_WRITE;
        }

        @Override
        public int headerLength() {
          return 2;
        }

        @Override
        public int frameLength(byte[] buffer, int offset) {
          return buffer[offset + 1] == buffer[offset] ? 6 : -1;
        }

        @Override
        public int maxFrameLength() {
          return 6;
        }

        @Override
        public boolean hasValidEnd(byte[] buffer, int offset, int frameLength) {
          return (Bytes.sum(buffer, offset + 2, 3) & 0xFF) == (buffer[offset + 5] & 0xFF);
        }
      };

  private static FrameSpec newSpec(boolean request) {
    return new FrameSpec() {
      @Override
      public boolean isStart(byte b) {
        return (b & 0xFF) == AntFrames.NEW_START_0;
      }

      @Override
      public int headerLength() {
        return 6;
      }

      @Override
      public int frameLength(byte[] buffer, int offset) {
        if ((buffer[offset + 1] & 0xFF) != AntFrames.NEW_START_1) {
          return -1;
        }
        return request
            ? AntFrames.NEW_ENVELOPE
            : AntDecoder.newFrameLength(buffer[offset + 2] & 0xFF, buffer[offset + 5] & 0xFF);
      }

      @Override
      public int maxFrameLength() {
        return AntFrames.NEW_ENVELOPE + 0xFF + AntFrames.DEVICE_INFO_EXTRA;
      }

      @Override
      public boolean hasValidEnd(byte[] buffer, int offset, int frameLength) {
        return (buffer[offset + frameLength - 2] & 0xFF) == AntFrames.NEW_END_0
            && (buffer[offset + frameLength - 1] & 0xFF) == AntFrames.NEW_END_1;
      }
    };
  }
}
