/**
 * ANT BMS emulation ({@code 7E A1} and legacy {@code AA 55 AA FF}) for {@link
 * org.chargebay.simulator.serial.StreamEmulator}.
 */
@NullMarked
package org.chargebay.simulator.ant;

import org.jspecify.annotations.NullMarked;
