/**
 * Replay: folding a stream's events into state ({@link org.chargebay.events.replay.Fold}) and the
 * read-side projections built that way ({@link org.chargebay.events.replay.SessionHistory}). All of
 * it is pure: no clock, no I/O.
 */
@NullMarked
package org.chargebay.events.replay;

import org.jspecify.annotations.NullMarked;
