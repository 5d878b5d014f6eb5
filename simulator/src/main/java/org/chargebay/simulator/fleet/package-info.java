/**
 * A fleet of simulated bays in one process, for trying the controller at scale and for the scale
 * bench: per bay a pack, an emulated supply on its own loopback Modbus TCP port and an emulated BMS
 * on its own loopback port, all served by one small set of shared threads; plus the controller
 * configuration for them and, on exit, what each bay's supply recorded about cut-offs.
 */
@NullMarked
package org.chargebay.simulator.fleet;

import org.jspecify.annotations.NullMarked;
