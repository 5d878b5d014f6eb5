/** The charge decider: pure decide/evolve over commands and events, no clock and no I/O. */
@NullMarked
package org.chargebay.session;

import org.jspecify.annotations.NullMarked;
