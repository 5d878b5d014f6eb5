/**
 * Simulated packs, supplies and BMS boards speaking the real wire protocols, on a virtual clock.
 */
@NullMarked
package org.chargebay.simulator;

import org.jspecify.annotations.NullMarked;
