package org.chargebay.bms.jbd;

/**
 * The reply to a register write: {@code DD <reg> 00 00 00 00 77}, status ok and no data (capture
 * {@code docs/pdus/JBD-SP04S034-L4S-200A-B-U_MOS.txt} in syssi/esphome-jbd-bms). A refused write
 * comes back with status 0x80 and is a {@link org.chargebay.bms.FrameError.DeviceStatus} instead.
 *
 * @param register the register written, 0-255 (0xE1 for MOSFET control)
 */
public record JbdWriteAck(int register) implements JbdFrame {}
