/**
 * JK (Jikong) BMS protocols: the RS485/TTL {@code 4E 57} TLV frame of JK-B*A*S boards (PROTOCOLS.md
 * 2a, vendor PDF {@code JKSerial-TTL-20201217.pdf}) and the 300-byte {@code 55 AA EB 90} frame PB
 * boards answer after a Modbus FC 0x10 trigger (PROTOCOLS.md 2b, {@code bms-docs/JKBMS-PB.md} of
 * dbus-serialbattery). Encoders in {@link org.chargebay.bms.jk.JkFrames}, the pure decoder {@link
 * org.chargebay.bms.jk.JkDecoder}, checksums in {@link org.chargebay.bms.jk.JkChecksum}.
 */
@NullMarked
package org.chargebay.bms.jk;

import org.jspecify.annotations.NullMarked;
