package org.chargebay.bms.jk;

import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Any {@code 4E 57} TLV frame whose envelope and checksum are valid, before its records are read:
 * requests (for emulators) and write acknowledgements.
 *
 * @param terminal bytes 4-7, the terminal number (big-endian)
 * @param command byte 8: 1 activate, 2 write, 3 read one, 5 password, 6 read all
 * @param source byte 9: 0 BMS, 1 BT, 2 GPS, 3 PC
 * @param type byte 10: 0 request, 1 reply, 2 active upload
 * @param data the record bytes (from offset 11 to 9 bytes before the end)
 */
public record JkTlvMessage(long terminal, int command, int source, int type, byte[] data) {

  public JkTlvMessage {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof JkTlvMessage m
        && terminal == m.terminal
        && command == m.command
        && source == m.source
        && type == m.type
        && Arrays.equals(data, m.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data) * 31 + command;
  }

  @Override
  public String toString() {
    return "JkTlvMessage[command="
        + command
        + ", source="
        + source
        + ", type="
        + type
        + ", data="
        + HexFormat.of().formatHex(data)
        + "]";
  }
}
