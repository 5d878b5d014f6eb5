/**
 * The append-only event store contract, and the outbox relay's view of a journal ({@link
 * org.chargebay.events.store.RawJournal}, {@link org.chargebay.events.store.OutboxPositions}) that
 * keeps the Kafka side independent of how the journal is stored.
 */
@NullMarked
package org.chargebay.events.store;

import org.jspecify.annotations.NullMarked;
