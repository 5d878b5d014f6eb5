/**
 * An emulated JBD BMS board that speaks the real "DD A5" wire protocol over TCP, as if reached
 * through a transparent RS485-to-Ethernet gateway, for loopback tests and the bench.
 */
@NullMarked
package org.chargebay.simulator.jbd;

import org.jspecify.annotations.NullMarked;
