package org.chargebay.bms.jbd;

/**
 * A decoded host request, as an emulated BMS sees it: {@code DD A5 <reg> 00 <chk> 77} for a read or
 * {@code DD 5A <reg> 02 <hi> <lo> <chk> 77} for a write (PROTOCOLS.md section 1).
 */
public sealed interface JbdRequest {

  /** The register read or written, 0-255. */
  int register();

  /**
   * A read request ({@code 0xA5}).
   *
   * @param register 0x03 basic info, 0x04 cells, 0x05 hardware, 0xAA error counters, ...
   */
  record Read(int register) implements JbdRequest {}

  /**
   * A write request ({@code 0x5A}) with its u16 value.
   *
   * @param register for example 0xE1 MOSFET control
   * @param value the big-endian data word, 0-65535; for 0xE1 the low byte is the MOSFET command
   */
  record Write(int register, int value) implements JbdRequest {}
}
