/** Byte-level helpers shared by the family codecs: integer access and the Modbus CRC. */
@NullMarked
package org.chargebay.bms.wire;

import org.jspecify.annotations.NullMarked;
