/** The safety supervisor: small, pure, independent of the decider and of the event model. */
@NullMarked
package org.chargebay.safety;

import org.jspecify.annotations.NullMarked;
