/**
 * JSON for events: the type registry ({@link org.chargebay.events.codec.EventTypes}), upcasters for
 * payloads written under an older schema version ({@link org.chargebay.events.codec.Upcaster}) and
 * the codec that ties them together ({@link org.chargebay.events.codec.EventCodec}).
 *
 * <p>The payload is plain JSON, readable with {@code jq}: field names are the record component
 * names in component order, instants are ISO-8601 strings, enums are their names, absent values are
 * written as {@code null}, and the payload carries no type information (the type and schema version
 * live in the envelope).
 */
@NullMarked
package org.chargebay.events.codec;

import org.jspecify.annotations.NullMarked;
