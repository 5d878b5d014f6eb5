/** Pack identity and internal resistance, observed from the bays and recorded per pack. */
@NullMarked
package org.chargebay.packs;

import org.jspecify.annotations.NullMarked;
