/**
 * Family-independent BMS emulation over byte streams: a {@link
 * org.chargebay.simulator.serial.StreamEmulator} answers a family's requests (a {@link
 * org.chargebay.simulator.serial.BmsResponder}) on a serial line (one end of a socat pty pair) or
 * on loopback TCP, with injectable {@link org.chargebay.simulator.serial.EmulatorFaults}.
 */
@NullMarked
package org.chargebay.simulator.serial;

import org.jspecify.annotations.NullMarked;
