/** Supply emulators serving real Modbus register maps, written from the vendors' documentation. */
@NullMarked
package org.chargebay.simulator.supply;

import org.jspecify.annotations.NullMarked;
