/**
 * BMS clients over byte links: one {@link org.chargebay.bms.transport.ReadBackClient} per family
 * (charge-MOSFET commands verified by read-back) on a {@link
 * org.chargebay.bms.transport.PortChannel} (one request in flight) over a {@link
 * org.chargebay.bms.transport.ByteLink}: {@link org.chargebay.bms.transport.TcpLink} for an
 * RS485-to-Ethernet gateway in transparent mode, or {@code org.chargebay.bms.serial.SerialLink},
 * the only class that imports jSerialComm. Bays open them through {@code
 * org.chargebay.bms.connect.BmsClients}.
 */
@NullMarked
package org.chargebay.bms.transport;

import org.jspecify.annotations.NullMarked;
