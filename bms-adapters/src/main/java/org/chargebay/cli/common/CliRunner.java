package org.chargebay.cli.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs a picocli command under the rules every chargebay command follows, so that no command parses
 * or reports on its own:
 *
 * <ul>
 *   <li>{@code -h}/{@code --help} on every command and subcommand, and a {@code help [command]}
 *       subcommand wherever there are subcommands: usage on stdout, {@link Exit#OK}.
 *   <li>{@code --opt value} and {@code --opt=value} alike (picocli); an option given twice is a
 *       usage error.
 *   <li>A usage error (unknown option or subcommand, missing subcommand, missing or malformed
 *       value, or a {@link ParameterException} a command throws after checking a value): one line
 *       {@code chargebay <command>: <message>} and a line pointing to {@code --help} on stderr,
 *       {@link Exit#USAGE}.
 *   <li>A {@link DataError}: {@code {"error":"<code>","reason":"<sentence>"}} on stdout, {@link
 *       Exit#DATA_ERROR}.
 *   <li>Anything else that escapes, {@link Error}s included: {@code
 *       {"error":"internal","reason":"unexpected <class>: <message> (cause: ...)"}} on stderr,
 *       {@link Exit#INTERNAL}. Never a stack trace.
 * </ul>
 *
 * <p>A command returns its own exit status from {@code call()} ({@link Exit#OK}, or {@link
 * Exit#DIFFERENT} for a replay). Only a {@code main} method calls {@link System#exit}.
 */
public final class CliRunner {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The exit statuses, for the help of every command that does not list its own. */
  private static final Map<String, String> EXIT_STATUSES = exitStatuses();

  private static Map<String, String> exitStatuses() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(" " + Exit.OK, "done");
    m.put(" " + Exit.DATA_ERROR, "data error: {\"error\":\"<code>\",\"reason\":\"...\"} on stdout");
    m.put(Exit.USAGE + "", "usage error, on stderr");
    m.put(Exit.INTERNAL + "", "unexpected failure: {\"error\":\"internal\",...} on stderr");
    return Collections.unmodifiableMap(m);
  }

  private CliRunner() {}

  /**
   * Parses {@code args} into {@code command} (a picocli {@code @Command} object, with its
   * subcommands) and runs it.
   *
   * @param out where results, data errors and help go
   * @param err where usage errors and internal errors go
   * @return the exit status, one of the {@link Exit} constants
   */
  public static int run(Object command, String[] args, PrintStream out, PrintStream err) {
    try {
      CommandLine cli = new CommandLine(command);
      addHelp(cli);
      cli.setOut(writer(out));
      cli.setErr(writer(err));
      cli.setParameterExceptionHandler((e, ignored) -> usageError(e));
      cli.setExecutionExceptionHandler((e, failed, parsed) -> failure(e, out, err));
      cli.setExecutionStrategy(CliRunner::execute);
      return cli.execute(args);
    } catch (RuntimeException | Error e) {
      // An Error (picocli hands only exceptions of call() to the execution exception handler;
      // a LinkageError from a class path put together by hand must not print a trace either),
      // or a broken command model.
      err.println(errorLine("internal", describe(e)));
      return Exit.INTERNAL;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * {@code {"error":"<code>","reason":"<reason>"}} on one line (newlines in the reason are
   * escaped), for commands that report a data error and go on, such as a read loop.
   */
  public static String errorLine(String code, @Nullable String reason) {
    ObjectNode json = JSON.createObjectNode();
    json.put("error", code);
    json.put("reason", reason == null || reason.isBlank() ? code : reason);
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Help, then a missing subcommand, then the command picocli parsed last. */
  private static int execute(ParseResult parsed) {
    Integer help = CommandLine.executeHelpRequest(parsed);
    if (help != null) {
      return help;
    }
    List<CommandLine> chain = parsed.asCommandLineList();
    CommandLine last = chain.get(chain.size() - 1);
    boolean runnable =
        last.getCommand() instanceof Callable || last.getCommand() instanceof Runnable;
    if (!runnable && !last.getSubcommands().isEmpty()) {
      throw new ParameterException(last, "missing subcommand; one of " + subcommands(last));
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  private static int usageError(ParameterException e) {
    CommandLine cli = e.getCommandLine();
    String name = cli.getCommandSpec().qualifiedName();
    String message = e.getMessage();
    if (e instanceof UnmatchedArgumentException u
        && !cli.getSubcommands().isEmpty()
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      message = "unknown subcommand '" + u.getUnmatched().get(0) + "'; one of " + subcommands(cli);
    }
    PrintWriter err = cli.getErr();
    err.println(name + ": " + oneLine(message));
    err.println("Try '" + name + " --help' for more information.");
    return Exit.USAGE;
  }

  private static int failure(Exception e, PrintStream out, PrintStream err) {
    if (e instanceof DataError data) {
      out.println(errorLine(data.code(), data.reason()));
      return Exit.DATA_ERROR;
    }
    err.println(errorLine("internal", describe(e)));
    return Exit.INTERNAL;
  }

  /**
   * {@code -h}/{@code --help} on every command, {@code help} where there are subcommands, and the
   * exit statuses in every help that does not list its own.
   */
  private static void addHelp(CommandLine cli) {
    CommandSpec spec = cli.getCommandSpec();
    if (spec.usageMessage().exitCodeList().isEmpty()) {
      spec.usageMessage().exitCodeListHeading("Exit status:%n").exitCodeList(EXIT_STATUSES);
    }
    if (spec.findOption("--help") == null) {
      spec.addOption(
          OptionSpec.builder("-h", "--help")
              .usageHelp(true)
              .description("Print this help on stdout and exit 0.")
              .build());
    }
    if (!cli.getSubcommands().isEmpty() && !cli.getSubcommands().containsKey("help")) {
      cli.addSubcommand("help", new CommandLine.HelpCommand());
    }
    for (CommandLine sub : cli.getSubcommands().values()) {
      if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
        addHelp(sub);
      }
    }
  }

  private static String subcommands(CommandLine cli) {
    return cli.getSubcommands().keySet().stream()
        .filter(n -> !n.equals("help"))
        .collect(Collectors.joining(", "));
  }

  /** The failure in one line: its class and message, and its root cause's if another. */
  static String describe(Throwable e) {
    StringBuilder b = new StringBuilder("unexpected ").append(e);
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e) {
      b.append(" (cause: ").append(root).append(')');
    }
    return oneLine(b.toString());
  }

  private static String oneLine(@Nullable String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /**
   * A writer onto the stream, in the stream's own charset and order: picocli prints help and usage
   * errors through it, the commands print to the stream itself.
   */
  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(
        new Writer() {
          @Override
          public void write(char[] chars, int offset, int length) {
            stream.print(new String(chars, offset, length));
          }

          @Override
          public void flush() {
            stream.flush();
          }

          @Override
          public void close() {
            stream.flush();
          }
        },
        true);
  }
}
