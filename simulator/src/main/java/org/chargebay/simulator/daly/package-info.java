/**
 * Daly BMS emulation ({@code A5} 13-byte frames) for {@link
 * org.chargebay.simulator.serial.StreamEmulator}.
 */
@NullMarked
package org.chargebay.simulator.daly;

import org.jspecify.annotations.NullMarked;
