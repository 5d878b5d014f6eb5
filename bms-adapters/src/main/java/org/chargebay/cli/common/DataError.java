package org.chargebay.cli.common;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Ends a command with a data error ({@link Exit#DATA_ERROR}): thrown from a command's {@code
 * call()}, {@link CliRunner} prints {@code {"error":"<code>","reason":"<reason>"}} on stdout and
 * exits 2. For a result the operator should see, not for bugs: anything else that escapes a command
 * is an internal error.
 */
public final class DataError extends RuntimeException {

  private final String code;

  /**
   * @param code stable snake_case identifier for scripts (e.g. {@code journal_not_found})
   * @param reason one sentence for the operator, naming what was given and what is wrong (the code
   *     if there is none, e.g. an exception without a message)
   */
  public DataError(String code, @Nullable String reason) {
    super(reason == null || reason.isBlank() ? code : reason, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The stable identifier, e.g. {@code checksum_mismatch}. */
  public String code() {
    return code;
  }

  /** The sentence for the operator. */
  public String reason() {
    return Objects.requireNonNull(getMessage());
  }
}
