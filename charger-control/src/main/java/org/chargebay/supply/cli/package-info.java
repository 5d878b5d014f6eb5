/** The {@code chargebay supply} command line: probe and set a supply, JSON out. */
@NullMarked
package org.chargebay.supply.cli;

import org.jspecify.annotations.NullMarked;
