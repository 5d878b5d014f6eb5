/**
 * ANT BMS protocols: the newer {@code 7E A1 ... AA 55} protocol (PROTOCOLS.md 4a; ESPHome {@code
 * ant_bms}, aiobmsble {@code ant_bms.py}) and the legacy 140-byte {@code AA 55 AA FF} protocol
 * (PROTOCOLS.md 4b; ESPHome {@code ant_bms_old}, aiobmsble {@code ant_leg_bms.py}). Encoders in
 * {@link org.chargebay.bms.ant.AntFrames}, the pure decoder {@link
 * org.chargebay.bms.ant.AntDecoder}, checksums in {@link org.chargebay.bms.ant.AntChecksum}.
 */
@NullMarked
package org.chargebay.bms.ant;

import org.jspecify.annotations.NullMarked;
