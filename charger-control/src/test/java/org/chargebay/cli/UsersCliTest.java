package org.chargebay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.chargebay.auth.PasswordHashes;
import org.chargebay.auth.Role;
import org.chargebay.auth.UserFile;
import org.chargebay.events.CommandAudited;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.sqlite.SqliteAuditLog;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class UsersCliTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private record Result(int exit, String out, String err) {}

  private Result run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.add(0, dir.resolve("chargebay.db").toString());
    all.add(0, "--journal");
    all.add(0, dir.resolve("users").toString());
    all.add(0, "--file");
    int exit =
        UsersCli.run(
            all.toArray(String[]::new),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            CLOCK,
            "root");
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void add_stores_only_a_bcrypt_hash_readable_by_the_owner_alone() throws Exception {
    Result r =
        run("correct horse battery\n", "add", "alice", "--role", "operator", "--password-stdin");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("{\"user\":\"alice\",\"role\":\"operator\",\"added\":true}\n");

    Path file = dir.resolve("users");
    String text = Files.readString(file);
    assertThat(text).doesNotContain("correct horse").doesNotContain("battery");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    UserFile.User alice = UserFile.read(file).get("alice");
    assertThat(alice.role()).isEqualTo(Role.OPERATOR);
    assertThat(alice.passwordHash()).startsWith("$2y$12$").hasSize(60);
    assertThat(PasswordHashes.matches(alice.passwordHash(), "correct horse battery".toCharArray()))
        .isTrue();
    assertThat(PasswordHashes.matches(alice.passwordHash(), "correct horse battery ".toCharArray()))
        .isFalse();

    Result list = run("", "list");
    assertThat(list.out()).isEqualTo("{\"user\":\"alice\",\"role\":\"operator\"}\n");
    assertThat(list.out()).doesNotContain("$2y$");
  }

  @Test
  void add_and_remove_are_audited_and_remove_of_an_unknown_user_is_a_data_error() {
    assertThat(run("secret-pass-1\n", "add", "bob", "--role", "viewer", "--password-stdin").exit())
        .isZero();
    assertThat(run("secret-pass-2\n", "add", "bob", "--role", "admin", "--password-stdin").out())
        .contains("\"changed\":true");
    assertThat(run("", "remove", "bob").exit()).isZero();
    Result again = run("", "remove", "bob");
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.out()).contains("\"error\":\"unknown_user\"");

    assertThat(audited())
        .extracting(
            CommandAudited::by,
            CommandAudited::from,
            CommandAudited::action,
            CommandAudited::target,
            CommandAudited::outcome,
            CommandAudited::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "cli:root", "local", "user_added", "bob", "done", "role viewer"),
            org.assertj.core.groups.Tuple.tuple(
                "cli:root", "local", "user_changed", "bob", "done", "role admin"),
            org.assertj.core.groups.Tuple.tuple(
                "cli:root", "local", "user_removed", "bob", "done", "was admin"));
    assertThat(audited().get(0).at()).isEqualTo(CLOCK.instant());
    assertThat(UserFile.read(dir.resolve("users"))).isEmpty();
  }

  @Test
  void the_audit_table_of_an_older_release_is_moved_into_the_stream_before_the_first_entry() {
    try (SqliteAuditLog old = SqliteAuditLog.open(dir.resolve("chargebay.db"))) {
      old.append(
          new SqliteAuditLog.Entry(
              0,
              CLOCK.instant().minusSeconds(60),
              "ana",
              "192.0.2.4",
              "charge_stop",
              "bay-1",
              "done",
              "pack swap"));
    }

    assertThat(run("secret-pass-1\n", "add", "bob", "--role", "viewer", "--password-stdin").exit())
        .isZero();
    assertThat(run("", "remove", "bob").exit()).isZero();

    assertThat(audited())
        .extracting(CommandAudited::by, CommandAudited::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ana", "charge_stop"),
            org.assertj.core.groups.Tuple.tuple("cli:root", "user_added"),
            org.assertj.core.groups.Tuple.tuple("cli:root", "user_removed"));
  }

  private List<CommandAudited> audited() {
    try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("chargebay.db"))) {
      return store.readStream(CommandAudited.STREAM, 1).stream()
          .map(e -> (CommandAudited) EventCodec.standard().decode(e))
          .toList();
    }
  }

  @Test
  void bad_roles_names_and_passwords_are_refused_and_change_nothing() {
    Result role = run("secret-pass-1\n", "add", "carol", "--role", "boss", "--password-stdin");
    assertThat(role.exit()).isEqualTo(64);
    assertThat(role.err()).contains("'boss' is not one of viewer, operator, admin");
    Result name = run("secret-pass-1\n", "add", "carol:x", "--role", "viewer", "--password-stdin");
    assertThat(name.exit()).isEqualTo(64);
    assertThat(name.err()).contains("not a valid user name");
    Result shortPassword = run("short\n", "add", "carol", "--role", "viewer", "--password-stdin");
    assertThat(shortPassword.exit()).isEqualTo(2);
    assertThat(shortPassword.out()).contains("bad_password").contains("at least 8");
    Result longPassword =
        run("x".repeat(73) + "\n", "add", "carol", "--role", "viewer", "--password-stdin");
    assertThat(longPassword.exit()).isEqualTo(2);
    assertThat(longPassword.out()).contains("at most 72 bytes");
    Result noStdin = run("", "add", "carol", "--role", "viewer");
    assertThat(noStdin.exit()).isEqualTo(64);
    assertThat(Files.exists(dir.resolve("users"))).isFalse();
  }

  @Test
  void a_malformed_user_file_is_a_data_error_naming_the_line() throws Exception {
    Files.writeString(dir.resolve("users"), "# users\nalice:operator:plaintext-password\n");
    Result r = run("", "list");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out())
        .contains("users_file_invalid")
        .contains("line 2")
        .contains("not a bcrypt hash");
  }
}
