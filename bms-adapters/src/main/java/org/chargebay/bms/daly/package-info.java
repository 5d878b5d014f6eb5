/**
 * The Daly {@code A5} 13-byte UART/RS485 protocol (PROTOCOLS.md 3; Daly "UART/485 communication
 * protocol" V1.2 PDF in jblance/mpp-solar {@code docs/protocols}). Encoders in {@link
 * org.chargebay.bms.daly.DalyFrames}, the pure decoder {@link org.chargebay.bms.daly.DalyDecoder},
 * the checksum {@link org.chargebay.bms.daly.DalyChecksum} and the mapping (with the configurable
 * current sign) in {@link org.chargebay.bms.daly.DalyBms}.
 */
@NullMarked
package org.chargebay.bms.daly;

import org.jspecify.annotations.NullMarked;
