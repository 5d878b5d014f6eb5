/**
 * The site's grid meter: {@link org.chargebay.meter.Sdm630Reader} reads an Eastron SDM630 over
 * Modbus TCP into a {@link org.chargebay.meter.MeterReading}, whose total active power is what a
 * live site cap takes off (the depot planner's other loads).
 */
@NullMarked
package org.chargebay.meter;

import org.jspecify.annotations.NullMarked;
