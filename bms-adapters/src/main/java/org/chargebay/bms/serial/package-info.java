/** Serial lines via jSerialComm: the only package that imports it (STYLE.md layout). */
@NullMarked
package org.chargebay.bms.serial;

import org.jspecify.annotations.NullMarked;
