/**
 * {@code ./chargebay simulate}: one charge session of the real bay runtime (safety supervisor,
 * decider, journal-then-act) against the simulator's pack model behind emulated devices speaking
 * their real protocols, wired in-process, on a virtual clock advanced as fast as the CPU allows.
 */
@NullMarked
package org.chargebay.app.demo.simulate;

import org.jspecify.annotations.NullMarked;
