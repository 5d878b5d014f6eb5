/**
 * JUNTEK DPH8920 / DPM86xx over JUNTEK's ASCII "simple communication protocol" (not Modbus): the
 * driver, its frames and its links (serial, or TCP through a serial gateway).
 */
@NullMarked
package org.chargebay.supply.juntek;

import org.jspecify.annotations.NullMarked;
