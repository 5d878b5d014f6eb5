/** Supply drivers: one generic Modbus driver, each supply model as register-map data. */
@NullMarked
package org.chargebay.supply;

import org.jspecify.annotations.NullMarked;
