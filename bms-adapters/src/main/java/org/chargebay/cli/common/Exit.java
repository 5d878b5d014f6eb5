package org.chargebay.cli.common;

/**
 * The exit statuses of every chargebay command. 64 and 70 are {@code EX_USAGE} and {@code
 * EX_SOFTWARE} of BSD {@code sysexits.h}.
 */
public final class Exit {

  /** Done. */
  public static final int OK = 0;

  /** A replay whose decisions differ from the recording, or that could replay none. */
  public static final int DIFFERENT = 1;

  /**
   * The command line was understood but the data it names cannot be used: a frame that does not
   * decode, a journal that does not exist or is not a chargebay journal, a device that does not
   * answer or refuses, an unknown bay. One JSON line {@code {"error":"<code>","reason":"..."}} on
   * stdout.
   */
  public static final int DATA_ERROR = 2;

  /** Bad command line: unknown option or subcommand, missing or malformed value. Text on stderr. */
  public static final int USAGE = 64;

  /** A failure the command did not expect (a bug). One JSON line on stderr, never a stack trace. */
  public static final int INTERNAL = 70;

  private Exit() {}
}
