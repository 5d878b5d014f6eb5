/**
 * JK BMS emulation (TLV {@code 4E 57} and PB {@code 55 AA EB 90}) for {@link
 * org.chargebay.simulator.serial.StreamEmulator}.
 */
@NullMarked
package org.chargebay.simulator.jk;

import org.jspecify.annotations.NullMarked;
