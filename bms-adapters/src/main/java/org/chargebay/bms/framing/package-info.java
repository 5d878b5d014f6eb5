/**
 * Cutting a byte stream (serial port, TCP gateway, BLE notifications) into candidate frames,
 * independent of the BMS family: {@link org.chargebay.bms.framing.FrameAccumulator} does the
 * buffering and resynchronisation, a {@link org.chargebay.bms.framing.FrameSpec} per family says
 * where frames start and how long they are. Checksums and fields are the decoders' business.
 */
@NullMarked
package org.chargebay.bms.framing;

import org.jspecify.annotations.NullMarked;
