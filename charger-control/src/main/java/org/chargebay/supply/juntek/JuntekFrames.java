package org.chargebay.supply.juntek;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JUNTEK "simple communication protocol" frames (Joy-IT "JT-DPM86XX Communication protocol"
 * 2023-01-05; JoTid/DPM86xx README; aloishockenschlohe spec with corrections). A frame is {@code :}
 * + address 01-99 + {@code r|w} + two-digit function + {@code =} + operands each followed by {@code
 * ,}. Replies: {@code :01ok} for a write (it only means "parsed"), {@code :01rNN=value.} for a read
 * (the vendor document also shows {@code :01r10:1234,}: parsed tolerantly).
 */
public final class JuntekFrames {
  private JuntekFrames() {}

  /** Functions used (Joy-IT doc §2.3). */
  public static final int MAX_VOLTS = 0;

  public static final int MAX_AMPS = 1;
  public static final int SET_VOLTS = 10;
  public static final int SET_AMPS = 11;
  public static final int OUTPUT = 12;
  public static final int SET_BOTH = 20;
  public static final int OUT_VOLTS = 30;
  public static final int OUT_AMPS = 31;
  public static final int CC = 32;
  public static final int TEMPERATURE = 33;

  private static final Pattern READ_REPLY =
      Pattern.compile(":(\\d{2})r(\\d{2})[=:](\\d{1,6})[.,]?");
  private static final Pattern OK = Pattern.compile(":(\\d{2})ok");

  public static String read(int address, int function) {
    return String.format(":%02dr%02d=0,", address, function);
  }

  public static String write(int address, int function, long... operands) {
    StringBuilder b = new StringBuilder(String.format(":%02dw%02d=", address, function));
    for (long o : operands) {
      b.append(o).append(',');
    }
    return b.toString();
  }

  /**
   * The value of a read reply for {@code function} from {@code address}, or empty if it is not one.
   */
  public static OptionalLong readValue(String reply, int address, int function) {
    Matcher m = READ_REPLY.matcher(reply.trim());
    if (m.matches()
        && Integer.parseInt(m.group(1)) == address
        && Integer.parseInt(m.group(2)) == function) {
      return OptionalLong.of(Long.parseLong(m.group(3)));
    }
    return OptionalLong.empty();
  }

  public static boolean isOk(String reply, int address) {
    Matcher m = OK.matcher(reply.trim());
    return m.matches() && Integer.parseInt(m.group(1)) == address;
  }

  /** True once {@code partial} holds a whole reply (for links that send no newline). */
  static boolean complete(CharSequence partial) {
    String s = partial.toString();
    return OK.matcher(s).matches() || (s.endsWith(".") && READ_REPLY.matcher(s).matches());
  }
}
