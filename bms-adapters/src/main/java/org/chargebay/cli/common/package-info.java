/**
 * What every chargebay command line shares: the exit statuses ({@link
 * org.chargebay.cli.common.Exit}), the data error a command reports ({@link
 * org.chargebay.cli.common.DataError}) and the one runner that parses a picocli command and applies
 * the rules for help, usage errors, data errors and unexpected failures ({@link
 * org.chargebay.cli.common.CliRunner}). Lives in {@code bms-adapters} because it is the lowest
 * module that has a command line; it depends on picocli and Jackson only.
 */
@NullMarked
package org.chargebay.cli.common;

import org.jspecify.annotations.NullMarked;
