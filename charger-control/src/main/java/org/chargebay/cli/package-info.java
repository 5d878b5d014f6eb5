/**
 * Command-line tools over the journal file, without CDI: {@link org.chargebay.cli.EventsCli}
 * ({@code ./chargebay events}) and {@link org.chargebay.cli.ReplayCli} ({@code ./chargebay
 * replay}). Each is testable as {@code run(args, out, err) -> exit status}; parsing, help and error
 * reporting are {@link org.chargebay.cli.common.CliRunner}'s.
 */
@NullMarked
package org.chargebay.cli;

import org.jspecify.annotations.NullMarked;
