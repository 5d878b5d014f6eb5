/** The append-only event store contract. */
@NullMarked
package org.chargebay.events.store;

import org.jspecify.annotations.NullMarked;
