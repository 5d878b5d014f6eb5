/**
 * The site: how the bays of one controller, or of several controllers on one site, share the site's
 * power cap. Each bay loop reports its state ({@link org.chargebay.site.BayReport}) and reads the
 * current it may draw now ({@link org.chargebay.site.SiteAllocations}); where the allocations come
 * from (a local planner fed by a meter, or a planner instance elsewhere on the site through Kafka)
 * is behind that interface.
 */
@NullMarked
package org.chargebay.site;

import org.jspecify.annotations.NullMarked;
