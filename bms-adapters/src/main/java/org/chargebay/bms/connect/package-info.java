/**
 * Opening a BMS client of any family on any transport from a URL: {@link
 * org.chargebay.bms.connect.BmsClients}.
 */
@NullMarked
package org.chargebay.bms.connect;

import org.jspecify.annotations.NullMarked;
