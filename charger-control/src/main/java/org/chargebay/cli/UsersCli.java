package org.chargebay.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.chargebay.auth.PasswordHashes;
import org.chargebay.auth.Role;
import org.chargebay.auth.UserFile;
import org.chargebay.auth.UserFile.User;
import org.chargebay.cli.common.CliRunner;
import org.chargebay.cli.common.DataError;
import org.chargebay.cli.common.Exit;
import org.chargebay.events.CommandAudited;
import org.chargebay.events.store.EventStoreException;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.sqlite.SqliteAuditLog;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code users add NAME --role R --password-stdin | list | remove NAME}: the local accounts of the
 * user file ({@link UserFile}, bcrypt hashes only). The running controller picks changes up at the
 * next login. Adding and removing are recorded in the journal's audit trail (a {@code
 * CommandAudited} event in the stream {@code audit}, the journal the controller uses, also while it
 * runs) as done by {@code cli:<OS user>} from {@code local}.
 *
 * <p>Data errors: {@code users_file_invalid}, {@code unknown_user}, {@code bad_password}, {@code
 * journal_unwritable}.
 */
@Command(
    name = "chargebay users",
    description = "Manages the local user accounts (viewer, operator, admin).",
    subcommands = {UsersCli.Add.class, UsersCli.ListUsers.class, UsersCli.Remove.class})
public final class UsersCli implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = "The user file (default: ${DEFAULT-VALUE}, as chargebay.auth.users-file).",
      defaultValue = "data/users")
  Path file = Path.of("data/users");

  @Option(
      names = "--journal",
      paramLabel = "FILE",
      description = "The journal whose audit trail records the change (default: ${DEFAULT-VALUE}).",
      defaultValue = "data/chargebay.db")
  Path journal = Path.of("data/chargebay.db");

  private final InputStream in;
  private final PrintStream out;
  private final Clock clock;
  private final String osUser;

  UsersCli(InputStream in, PrintStream out, Clock clock, String osUser) {
    this.in = in;
    this.out = out;
    this.clock = clock;
    this.osUser = osUser;
  }

  public static void main(String[] args) {
    System.exit(
        run(
            args,
            System.in,
            System.out,
            System.err,
            Clock.systemUTC(),
            System.getProperty("user.name")));
  }

  /** Runs the command; returns the exit status. */
  static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Clock clock, String osUser) {
    return CliRunner.run(new UsersCli(in, out, clock, osUser), args, out, err);
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: add, list or remove");
  }

  private Map<String, User> users() {
    try {
      return UserFile.read(file);
    } catch (UserFile.InvalidUserFileException e) {
      throw new DataError("users_file_invalid", e.getMessage());
    }
  }

  private void write(Iterable<User> users) {
    try {
      UserFile.write(file, users);
    } catch (UserFile.InvalidUserFileException e) {
      throw new DataError("users_file_invalid", e.getMessage());
    }
  }

  private void audit(String action, String target, String detail) {
    try (SqliteEventStore store = SqliteEventStore.open(journal)) {
      // an audit table of an older release is moved into the stream before its first new event
      SqliteAuditLog.migrateToJournal(journal, store);
      store.append(
          CommandAudited.STREAM,
          ExpectedVersion.any(),
          List.of(
              new CommandAudited(
                  clock.instant(), "cli:" + osUser, "local", action, target, "done", detail)));
    } catch (EventStoreException e) {
      throw new DataError(
          "journal_unwritable",
          "the user file was changed, but the audit entry could not be written to "
              + journal
              + ": "
              + e.getMessage());
    }
  }

  @Command(name = "add", description = "Adds a user, or replaces the role and password of one.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.ParentCommand UsersCli parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "letters, digits, . _ @ -")
    String name = "";

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "viewer, operator or admin")
    String role = "";

    @Option(
        names = "--password-stdin",
        required = true,
        description =
            "Read the password from the first line of standard input (never an argument:"
                + " arguments show in the process list and the shell history).")
    boolean passwordStdin;

    @Override
    public Integer call() throws IOException {
      if (!UserFile.NAME.matcher(name).matches()) {
        throw new ParameterException(
            spec.commandLine(),
            "'" + name + "' is not a valid user name: 1 to 64 letters, digits and . _ @ -");
      }
      Role r =
          Role.named(role)
              .orElseThrow(
                  () ->
                      new ParameterException(
                          spec.commandLine(),
                          "--role '" + role + "' is not one of " + Role.allNames()));
      char[] password = firstLine(parent.in);
      String hash;
      try {
        hash = PasswordHashes.hash(password, PasswordHashes.DEFAULT_COST);
      } catch (IllegalArgumentException e) {
        throw new DataError("bad_password", e.getMessage());
      } finally {
        Arrays.fill(password, '\0');
      }
      Map<String, User> users = parent.users();
      boolean replaced = users.containsKey(name);
      parent.write(UserFile.with(users, new User(name, r, hash)));
      parent.audit(replaced ? "user_changed" : "user_added", name, "role " + r.roleName());
      parent.out.println(
          "{\"user\":\""
              + name
              + "\",\"role\":\""
              + r.roleName()
              + "\",\""
              + (replaced ? "changed" : "added")
              + "\":true}");
      return Exit.OK;
    }
  }

  @Command(name = "list", description = "Lists the users and their roles (never a hash).")
  static final class ListUsers implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand UsersCli parent;

    @Override
    public Integer call() {
      for (User u : parent.users().values()) {
        parent.out.println(
            "{\"user\":\"" + u.name() + "\",\"role\":\"" + u.role().roleName() + "\"}");
      }
      return Exit.OK;
    }
  }

  @Command(name = "remove", description = "Removes a user; their page logins end at once.")
  static final class Remove implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand UsersCli parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String name = "";

    @Override
    public Integer call() {
      Map<String, User> users = parent.users();
      parent.write(
          UserFile.without(users, name)
              .orElseThrow(
                  () ->
                      new DataError(
                          "unknown_user",
                          "no user '"
                              + name
                              + "' in "
                              + parent.file
                              + "; known: "
                              + users.keySet())));
      parent.audit("user_removed", name, "was " + users.get(name).role().roleName());
      parent.out.println("{\"user\":\"" + name + "\",\"removed\":true}");
      return Exit.OK;
    }
  }

  /** The first line of {@code in}, without its line end; a usage error when there is none. */
  private static char[] firstLine(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line = reader.readLine();
    if (line == null) {
      throw new DataError("bad_password", "no password on standard input");
    }
    return line.toCharArray();
  }
}
