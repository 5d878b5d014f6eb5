package org.chargebay.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The local user accounts: a text file with one {@code name:role:bcrypt-hash} line per user ({@code
 * #} starts a comment line). Passwords are never stored, only their bcrypt hashes ({@link
 * PasswordHashes}). The file is written whole to a temporary file with owner-only permissions and
 * moved over the old one, so a reader sees the old or the new file, never half of one.
 *
 * <p>Reading is strict: a line that is not a valid entry (unknown role, a hash that is not bcrypt,
 * a name given twice) makes the whole file invalid with the line number, rather than silently
 * dropping an account.
 */
public final class UserFile {

  /**
   * A user name: 1 to 64 of letters, digits and {@code . _ @ -}, starting with a letter or digit.
   */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  /** One account. */
  public record User(String name, Role role, String passwordHash) {}

  private UserFile() {}

  /**
   * The accounts in {@code file}, in file order; none when the file does not exist.
   *
   * @throws InvalidUserFileException naming the line that is wrong, or why the file is unreadable
   */
  public static Map<String, User> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new InvalidUserFileException("cannot read the user file " + file + ": " + e);
    }
    Map<String, User> users = new LinkedHashMap<>();
    int n = 0;
    for (String raw : lines) {
      n++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(":", 3);
      String where = "user file " + file + " line " + n + ": ";
      if (parts.length != 3) {
        throw new InvalidUserFileException(where + "expected name:role:bcrypt-hash");
      }
      if (!NAME.matcher(parts[0]).matches()) {
        throw new InvalidUserFileException(where + "'" + parts[0] + "' is not a valid user name");
      }
      Role role =
          Role.named(parts[1])
              .orElseThrow(
                  () ->
                      new InvalidUserFileException(
                          where + "role '" + parts[1] + "' is not one of " + Role.allNames()));
      if (!PasswordHashes.isBcrypt(parts[2])) {
        throw new InvalidUserFileException(where + "the password hash is not a bcrypt hash");
      }
      if (users.put(parts[0], new User(parts[0], role, parts[2])) != null) {
        throw new InvalidUserFileException(where + "user '" + parts[0] + "' is listed twice");
      }
    }
    return Collections.unmodifiableMap(users);
  }

  /** Replaces {@code file} with {@code users}, readable and writable by its owner only. */
  public static void write(Path file, Iterable<User> users) {
    StringBuilder text = new StringBuilder("# chargebay users: name:role:bcrypt-hash\n");
    for (User u : users) {
      text.append(u.name()).append(':').append(u.role().roleName()).append(':');
      text.append(u.passwordHash()).append('\n');
    }
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(tmp);
      }
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new InvalidUserFileException("cannot write the user file " + file + ": " + e);
    }
  }

  /** {@code users} with {@code user} added, or its entry replaced when the name exists. */
  public static List<User> with(Map<String, User> users, User user) {
    List<User> out = new ArrayList<>();
    boolean replaced = false;
    for (User u : users.values()) {
      if (u.name().equals(user.name())) {
        out.add(user);
        replaced = true;
      } else {
        out.add(u);
      }
    }
    if (!replaced) {
      out.add(user);
    }
    return out;
  }

  /** {@code users} without {@code name}; empty when there is no such user. */
  public static Optional<List<User>> without(Map<String, User> users, String name) {
    if (!users.containsKey(name)) {
      return Optional.empty();
    }
    return Optional.of(users.values().stream().filter(u -> !u.name().equals(name)).toList());
  }

  /** The user file is unreadable or malformed; the message names the file and line. */
  public static final class InvalidUserFileException extends RuntimeException {
    public InvalidUserFileException(String message) {
      super(message, null, false, false);
    }
  }
}
