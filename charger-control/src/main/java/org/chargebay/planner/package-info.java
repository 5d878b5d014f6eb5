/**
 * The depot planner: given the packs on a depot's bays (chemistry, series, capacity, present state,
 * ceiling, maximum current), their target state of charge and departure, the site's power cap
 * (static or a schedule), the site's other loads and the tariff, it computes per bay a schedule of
 * current limits over time.
 *
 * <p>Pure and deterministic: no I/O, no clocks, no framework; the same {@link
 * org.chargebay.planner.Depot} always gives the same {@link org.chargebay.planner.Plan}. Packs are
 * modelled as CC/CV loads ({@link org.chargebay.planner.PackCurve}): the current a pack accepts
 * falls as its resting voltage nears the ceiling, and the power freed by a tapering pack is given
 * to the others in the same step. The JSON mapping lives in {@code org.chargebay.cli}.
 */
@NullMarked
package org.chargebay.planner;

import org.jspecify.annotations.NullMarked;
