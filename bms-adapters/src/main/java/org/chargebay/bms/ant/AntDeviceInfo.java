package org.chargebay.bms.ant;

/**
 * The new-protocol device-info reply (function 0x12): model (16 ASCII bytes, NUL-padded) and
 * software version (16 ASCII bytes) in the 32 declared data bytes. The frame carries 6 more bytes
 * than its length byte says, after the CRC (PROTOCOLS.md 4a quirk 2).
 */
public record AntDeviceInfo(String model, String softwareVersion) {}
