package org.chargebay.bms.jbd;

/**
 * The hardware-version reply (register 0x05): an ASCII model string without terminator, e.g. {@code
 * JBD-SP04S034-L4S-200A-B-U} (capture jbd-03).
 *
 * @param model the string as sent, bytes mapped 1:1 to chars (ISO-8859-1)
 */
public record JbdHardware(String model) implements JbdFrame {

  @Override
  public int register() {
    return JbdFrames.REG_HARDWARE;
  }
}
