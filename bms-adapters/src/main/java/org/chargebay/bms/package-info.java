/** The BMS-family-independent model: snapshots, decode results and frame errors. */
@NullMarked
package org.chargebay.bms;

import org.jspecify.annotations.NullMarked;
