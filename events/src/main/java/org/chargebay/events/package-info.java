/**
 * The chargebay event model: what happened on a bay, as past-tense facts with the evidence that
 * caused them. One stream per bay ({@code bay-<id>}); sessions are spans inside it.
 */
@NullMarked
package org.chargebay.events;

import org.jspecify.annotations.NullMarked;
