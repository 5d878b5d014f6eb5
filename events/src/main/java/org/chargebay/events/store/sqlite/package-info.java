/**
 * The embedded journal: one SQLite file in WAL mode, the local source of truth for every bay's
 * stream. See {@link org.chargebay.events.store.sqlite.SqliteEventStore}.
 */
@NullMarked
package org.chargebay.events.store.sqlite;

import org.jspecify.annotations.NullMarked;
