package org.chargebay.bms.jbd;

import org.chargebay.bms.framing.FrameSpec;

/**
 * Where JBD frames start and end on a byte stream: {@code 0xDD}, three header bytes with the data
 * length at offset 3, the data, two checksum bytes and {@code 0x77}, so {@code 7 + len} bytes in
 * all (PROTOCOLS.md section 1).
 *
 * <p>The header check is direction-aware so that a stray {@code 0xDD} in garbage rarely makes the
 * accumulator wait for a bogus length: responses carry a status of {@code 0x00} or {@code 0x80} at
 * offset 2, requests carry {@code 0xA5} or {@code 0x5A} at offset 1.
 */
public enum JbdFrameSpec implements FrameSpec {
  /** BMS to host: {@code DD <reg> <status> <len> <data> <chk> 77}. */
  RESPONSE {
    @Override
    public boolean plausibleHeader(byte[] buffer, int offset) {
      int status = buffer[offset + 2] & 0xFF;
      return status == JbdFrames.STATUS_OK || status == JbdFrames.STATUS_ERROR;
    }
  },
  /** Host to BMS: {@code DD A5|5A <reg> <len> <data> <chk> 77}. */
  REQUEST {
    @Override
    public boolean plausibleHeader(byte[] buffer, int offset) {
      int mode = buffer[offset + 1] & 0xFF;
      return mode == JbdFrames.READ || mode == JbdFrames.WRITE;
    }
  };

  /** Whether the four header bytes at {@code offset} can start a frame of this direction. */
  public abstract boolean plausibleHeader(byte[] buffer, int offset);

  @Override
  public boolean isStart(byte b) {
    return (b & 0xFF) == JbdFrames.START;
  }

  @Override
  public int headerLength() {
    return 4;
  }

  @Override
  public int frameLength(byte[] buffer, int offset) {
    if (!plausibleHeader(buffer, offset)) {
      return -1;
    }
    return JbdFrames.ENVELOPE_LENGTH + (buffer[offset + 3] & 0xFF);
  }

  @Override
  public int maxFrameLength() {
    return JbdFrames.ENVELOPE_LENGTH + 0xFF;
  }

  @Override
  public boolean hasValidEnd(byte[] buffer, int offset, int frameLength) {
    return (buffer[offset + frameLength - 1] & 0xFF) == JbdFrames.END;
  }
}
