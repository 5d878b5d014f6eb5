/** Micrometer meters, named in base units. */
@NullMarked
package org.chargebay.metrics;

import org.jspecify.annotations.NullMarked;
