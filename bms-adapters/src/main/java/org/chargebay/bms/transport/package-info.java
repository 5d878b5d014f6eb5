/**
 * BMS clients over network transports. {@link org.chargebay.bms.transport.JbdTcpClient} talks to a
 * JBD board through a transparent RS485-to-Ethernet gateway (raw TCP socket mode). Serial ports
 * belong in {@code org.chargebay.bms.serial} (not written yet), the only package that may import
 * jSerialComm.
 */
@NullMarked
package org.chargebay.bms.transport;

import org.jspecify.annotations.NullMarked;
