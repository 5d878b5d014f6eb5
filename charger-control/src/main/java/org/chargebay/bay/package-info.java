/** The bay runtime: the I/O loop that reads, checks, decides, records and then acts. */
@NullMarked
package org.chargebay.bay;

import org.jspecify.annotations.NullMarked;
