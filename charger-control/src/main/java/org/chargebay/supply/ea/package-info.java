/** Elektro-Automatik PS/PSI 9000/10000 supplies over Modbus TCP. */
@NullMarked
package org.chargebay.supply.ea;

import org.jspecify.annotations.NullMarked;
