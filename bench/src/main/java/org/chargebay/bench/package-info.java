/** JMH benchmarks; never run by the default test command. See BENCHMARKS.md. */
@NullMarked
package org.chargebay.bench;

import org.jspecify.annotations.NullMarked;
