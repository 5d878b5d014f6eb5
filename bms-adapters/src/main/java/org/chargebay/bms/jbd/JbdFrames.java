package org.chargebay.bms.jbd;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds JBD wire frames: the host's requests and, for emulators and tests, the BMS's responses.
 * Every method returns a fresh array.
 *
 * <p>Layouts (PROTOCOLS.md section 1, vendor PDF "General Protocol V4"):
 *
 * <ul>
 *   <li>read request: {@code DD A5 <reg> 00 <chk_hi> <chk_lo> 77}
 *   <li>write request: {@code DD 5A <reg> <len> <data> <chk_hi> <chk_lo> 77}
 *   <li>response: {@code DD <reg> <status> <len> <data> <chk_hi> <chk_lo> 77}
 * </ul>
 *
 * <p>The response encoders are exact inverses of {@link JbdDecoder}: {@code decodeX(encodeX(x))}
 * yields {@code x}. Values the wire cannot carry (not a multiple of the wire unit, or out of range)
 * throw {@link IllegalArgumentException}: quantising is the caller's decision, not the encoder's.
 */
public final class JbdFrames {

  /** First byte of every frame. */
  public static final int START = 0xDD;

  /** Last byte of every frame. */
  public static final int END = 0x77;

  /** Byte 1 of a read request. */
  public static final int READ = 0xA5;

  /** Byte 1 of a write request. */
  public static final int WRITE = 0x5A;

  /** Status byte of a successful response. */
  public static final int STATUS_OK = 0x00;

  /** Status byte of a refused request. */
  public static final int STATUS_ERROR = 0x80;

  /** Basic information: pack, current, capacities, FETs, temperatures. */
  public static final int REG_BASIC_INFO = 0x03;

  /** Cell voltages. */
  public static final int REG_CELLS = 0x04;

  /** Hardware/model string. */
  public static final int REG_HARDWARE = 0x05;

  /** Protection event counters (undocumented; used by ESPHome). */
  public static final int REG_ERROR_COUNTS = 0xAA;

  /** Write-only: enter factory mode ({@code 56 78}), needed before EEPROM writes. */
  public static final int REG_ENTER_FACTORY = 0x00;

  /** Write-only: exit factory mode ({@code 00 00}, or {@code 28 28} to save). */
  public static final int REG_EXIT_FACTORY = 0x01;

  /** Write-only: MOSFET control, data {@code 00 XX} (see {@link #mosfetCommand}). */
  public static final int REG_MOSFET_CONTROL = 0xE1;

  /** Bytes around the data: start, register, status/length, length, two checksum bytes, end. */
  public static final int ENVELOPE_LENGTH = 7;

  /** Fixed part of the 0x03 payload before the temperatures (offsets 0-22). */
  public static final int BASIC_INFO_FIXED_LENGTH = 23;

  /** Raw temperature offset: the wire carries 0.1 K, so 0 °C is 2731. */
  public static final int KELVIN_OFFSET_DECI = 2731;

  private JbdFrames() {}

  // ---------------------------------------------------------------- requests

  /** {@code DD A5 03 00 FF FD 77}: read basic info. */
  public static byte[] readBasicInfo() {
    return readRequest(REG_BASIC_INFO);
  }

  /** {@code DD A5 04 00 FF FC 77}: read cell voltages. */
  public static byte[] readCells() {
    return readRequest(REG_CELLS);
  }

  /** {@code DD A5 05 00 FF FB 77}: read the hardware/model string. */
  public static byte[] readHardware() {
    return readRequest(REG_HARDWARE);
  }

  /** {@code DD A5 AA 00 FF 56 77}: read the protection event counters. */
  public static byte[] readErrorCounts() {
    return readRequest(REG_ERROR_COUNTS);
  }

  /** A read request for any register: {@code DD A5 <reg> 00 <chk> 77}. */
  public static byte[] readRequest(int register) {
    return frame(READ, checkByte("register", register), new byte[0], true);
  }

  /**
   * A write request with a u16 value: {@code DD 5A <reg> 02 <hi> <lo> <chk> 77}.
   *
   * @param value 0-65535
   */
  public static byte[] writeRequest(int register, int value) {
    checkRange("value", value, 0, 0xFFFF);
    byte[] data = {(byte) (value >>> 8), (byte) value};
    return frame(WRITE, checkByte("register", register), data, true);
  }

  /**
   * The MOSFET control byte XX of register 0xE1 (PROTOCOLS.md section 1): 0 both on, 1 charge off,
   * 2 discharge off, 3 both off. Bit 0 set switches the charge MOSFET off, bit 1 the discharge one.
   */
  public static int mosfetCommand(boolean chargeOn, boolean dischargeOn) {
    return (chargeOn ? 0 : 1) | (dischargeOn ? 0 : 2);
  }

  /**
   * {@code DD 5A E1 02 00 XX <chk> 77}: switch both MOSFETs. For example charge off and discharge
   * on is {@code DD 5A E1 02 00 01 FF 1C 77}.
   */
  public static byte[] writeMosfets(boolean chargeOn, boolean dischargeOn) {
    return writeRequest(REG_MOSFET_CONTROL, mosfetCommand(chargeOn, dischargeOn));
  }

  // ---------------------------------------------------------------- responses

  /**
   * A basic-info (0x03) response with no trailing bytes after the temperatures.
   *
   * @throws IllegalArgumentException if a value is not a whole number of wire units or out of range
   *     (see {@link JbdBasicInfo} for units and ranges), or the date is outside 2000-2127
   */
  public static byte[] encodeBasicInfo(JbdBasicInfo info) {
    int probes = info.tempDeciCelsius().size();
    byte[] data = new byte[BASIC_INFO_FIXED_LENGTH + 2 * probes];
    putU16(data, 0, units("packMillivolts", info.packMillivolts(), 10, 0, 0xFFFF));
    putU16(data, 2, units("currentMilliamps", info.currentMilliamps(), 10, -0x8000, 0x7FFF));
    putU16(data, 4, units("remainingMilliampHours", info.remainingMilliampHours(), 10, 0, 0xFFFF));
    putU16(data, 6, units("nominalMilliampHours", info.nominalMilliampHours(), 10, 0, 0xFFFF));
    putU16(data, 8, checkRange("cycles", info.cycles(), 0, 0xFFFF));
    putU16(data, 10, packDate(info.productionDate()));
    long balance = info.balanceBits();
    if (balance < 0 || balance > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("balanceBits must fit 32 bits, was " + balance);
    }
    putU16(data, 12, (int) (balance & 0xFFFF));
    putU16(data, 14, (int) (balance >>> 16));
    putU16(data, 16, checkRange("protectionBits", info.protectionBits(), 0, 0xFFFF));
    data[18] = checkByte("softwareVersion", info.softwareVersion());
    data[19] = checkByte("socPercent", info.socPercent());
    data[20] = (byte) info.fetBits();
    data[21] = (byte) checkRange("cellCount", info.cellCount(), 0, JbdDecoder.MAX_CELLS);
    data[22] = checkByte("NTC count", probes);
    for (int i = 0; i < probes; i++) {
      int deci = info.tempDeciCelsius().get(i);
      putU16(data, 23 + 2 * i, checkRange("tempDeciCelsius", deci + KELVIN_OFFSET_DECI, 0, 0xFFFF));
    }
    return response(REG_BASIC_INFO, STATUS_OK, data);
  }

  /**
   * A cell-voltage (0x04) response.
   *
   * @throws IllegalArgumentException for more than 127 cells or a voltage outside 0-65535 mV
   */
  public static byte[] encodeCells(JbdCells cells) {
    List<Integer> mv = cells.cellMillivolts();
    checkRange("cell count", mv.size(), 0, 127);
    byte[] data = new byte[2 * mv.size()];
    for (int i = 0; i < mv.size(); i++) {
      putU16(data, 2 * i, checkRange("cellMillivolts", mv.get(i), 0, 0xFFFF));
    }
    return response(REG_CELLS, STATUS_OK, data);
  }

  /**
   * A hardware-version (0x05) response carrying {@code model}, one byte per character, no
   * terminator. The decoder reads every byte as ISO-8859-1, so any model it returns (a board may
   * send bytes above 0x7F) encodes back to the same bytes.
   *
   * @throws IllegalArgumentException if the model is not ISO-8859-1 or longer than 255 bytes
   */
  public static byte[] encodeHardware(String model) {
    if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(model)) {
      throw new IllegalArgumentException("model must be ISO-8859-1: " + model);
    }
    byte[] data = model.getBytes(StandardCharsets.ISO_8859_1);
    checkRange("model length", data.length, 0, 0xFF);
    return response(REG_HARDWARE, STATUS_OK, data);
  }

  /** A hardware-version (0x05) response; see {@link #encodeHardware(String)}. */
  public static byte[] encodeHardware(JbdHardware hardware) {
    return encodeHardware(hardware.model());
  }

  /** A protection-counter (0xAA) response with the eleven counters and no trailing word. */
  public static byte[] encodeErrorCounts(JbdErrorCounts counts) {
    int[] values = {
      counts.shortCircuit(),
      counts.chargeOvercurrent(),
      counts.dischargeOvercurrent(),
      counts.cellOvervoltage(),
      counts.cellUndervoltage(),
      counts.chargeOvertemperature(),
      counts.chargeUndertemperature(),
      counts.dischargeOvertemperature(),
      counts.dischargeUndertemperature(),
      counts.packOvervoltage(),
      counts.packUndervoltage()
    };
    byte[] data = new byte[2 * values.length];
    for (int i = 0; i < values.length; i++) {
      putU16(data, 2 * i, checkRange("error counter", values[i], 0, 0xFFFF));
    }
    return response(REG_ERROR_COUNTS, STATUS_OK, data);
  }

  /** The acknowledgement of a register write: {@code DD <reg> 00 00 00 00 77}. */
  public static byte[] encodeWriteAck(int register) {
    return response(register, STATUS_OK, new byte[0]);
  }

  /** See {@link #encodeWriteAck(int)}. */
  public static byte[] encodeWriteAck(JbdWriteAck ack) {
    return encodeWriteAck(ack.register());
  }

  /**
   * Any response frame: {@code DD <reg> <status> <len> <data> <chk> 77}.
   *
   * @param register 0-255
   * @param status 0x00 ok, 0x80 error
   * @param data at most 255 bytes
   */
  public static byte[] response(int register, int status, byte[] data) {
    return frame(checkByte("register", register) & 0xFF, checkByte("status", status), data, false);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Builds {@code DD <b1> <b2> <len> <data> <chk> 77}. For a request b1 is READ/WRITE and b2 the
   * register; for a response b1 is the register and b2 the status.
   */
  private static byte[] frame(int byte1, byte byte2OrRegister, byte[] data, boolean request) {
    checkRange("data length", data.length, 0, 0xFF);
    byte[] frame = new byte[ENVELOPE_LENGTH + data.length];
    frame[0] = (byte) START;
    frame[1] = (byte) byte1;
    frame[2] = byte2OrRegister;
    frame[3] = (byte) data.length;
    System.arraycopy(data, 0, frame, 4, data.length);
    int chk = JbdChecksum.compute(frame);
    frame[4 + data.length] = (byte) (chk >>> 8);
    frame[5 + data.length] = (byte) chk;
    frame[6 + data.length] = (byte) END;
    return frame;
  }

  /** Packs a date as day = bits 0-4, month = bits 5-8, year - 2000 = bits 9-15; null is 0. */
  static int packDate(@Nullable LocalDate date) {
    if (date == null) {
      return 0;
    }
    int years = date.getYear() - 2000;
    if (years < 0 || years > 127) {
      throw new IllegalArgumentException("production date must be in 2000-2127, was " + date);
    }
    return (years << 9) | (date.getMonthValue() << 5) | date.getDayOfMonth();
  }

  private static int units(String name, int milli, int unit, int min, int max) {
    if (milli % unit != 0) {
      throw new IllegalArgumentException(
          name + " must be a multiple of " + unit + " on the JBD wire, was " + milli);
    }
    return checkRange(name + " / " + unit, milli / unit, min, max) & 0xFFFF;
  }

  private static int checkRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be in " + min + ".." + max + ", was " + value);
    }
    return value;
  }

  private static byte checkByte(String name, int value) {
    return (byte) checkRange(name, value, 0, 0xFF);
  }

  private static void putU16(byte[] data, int offset, int value) {
    data[offset] = (byte) (value >>> 8);
    data[offset + 1] = (byte) value;
  }
}
