package org.chargebay.bms.daly;

import org.chargebay.bms.framing.FrameSpec;

/**
 * Daly frames on a stream: {@code A5 <addr> <id> 08}, always 13 bytes. There is no end delimiter,
 * so the end check is the checksum: a false {@code A5} in garbage then costs one byte, and the real
 * frame behind it is still found.
 */
public enum DalyFrameSpec implements FrameSpec {
  INSTANCE;

  @Override
  public boolean isStart(byte b) {
    return (b & 0xFF) == DalyFrames.START;
  }

  @Override
  public int headerLength() {
    return 4;
  }

  @Override
  public int frameLength(byte[] buffer, int offset) {
    return (buffer[offset + 3] & 0xFF) == DalyFrames.DATA_LENGTH ? DalyFrames.FRAME_LENGTH : -1;
  }

  @Override
  public int maxFrameLength() {
    return DalyFrames.FRAME_LENGTH;
  }

  @Override
  public boolean hasValidEnd(byte[] buffer, int offset, int frameLength) {
    int sum = 0;
    for (int i = offset; i < offset + frameLength - 1; i++) {
      sum += buffer[i] & 0xFF;
    }
    return (sum & 0xFF) == (buffer[offset + frameLength - 1] & 0xFF);
  }
}
