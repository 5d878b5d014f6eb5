/** Quarkus wiring: configuration, REST API, demo mode, health. */
@NullMarked
package org.chargebay.app;

import org.jspecify.annotations.NullMarked;
