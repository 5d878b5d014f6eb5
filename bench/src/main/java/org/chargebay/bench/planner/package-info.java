/**
 * The depot planner's policy comparison: generated depots ({@link
 * org.chargebay.bench.planner.DepotGenerator}) planned under every policy ({@link
 * org.chargebay.bench.planner.PlannerComparison}). Not JMH: each cell of the table is one plan, and
 * the planning time is the median of repeated plans. See PLANNER.md.
 */
@NullMarked
package org.chargebay.bench.planner;

import org.jspecify.annotations.NullMarked;
