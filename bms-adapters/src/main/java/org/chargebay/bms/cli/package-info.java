/**
 * The {@code bms} command line: decodes captured frames into the JSON shape of the fixture vectors
 * ({@code shared/fixtures/bms/vectors.json}, PROTOCOLS.md section 5), for bench work and bug
 * reports, and reads live snapshots in the same shape. Runs through {@link
 * org.chargebay.cli.common.CliRunner}.
 */
@NullMarked
package org.chargebay.bms.cli;

import org.jspecify.annotations.NullMarked;
