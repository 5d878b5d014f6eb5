package org.chargebay.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt ({@code $2y$}, as written by OpenBSD and htpasswd) for the local user file. A stored hash
 * carries its own salt and cost, so a file written with a higher cost still verifies.
 *
 * <p>bcrypt reads at most 72 bytes of a password; a longer one is refused rather than silently
 * truncated, so that two different long passwords can never both log in.
 */
public final class PasswordHashes {

  /** The cost for new hashes: 2^12 rounds, about a quarter of a second on a small server. */
  public static final int DEFAULT_COST = 12;

  /** bcrypt's input limit in UTF-8 bytes. */
  public static final int MAX_PASSWORD_BYTES = 72;

  /** The shortest password {@code users add} takes. */
  public static final int MIN_PASSWORD_CHARS = 8;

  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHashes() {}

  /**
   * A new bcrypt hash of {@code password} with a fresh 16-byte salt.
   *
   * @param cost log2 of the rounds, 4..31
   * @throws IllegalArgumentException if the password is shorter than {@link #MIN_PASSWORD_CHARS}
   *     characters, longer than {@link #MAX_PASSWORD_BYTES} UTF-8 bytes, or holds a control
   *     character
   */
  public static String hash(char[] password, int cost) {
    check(password);
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2y", password, salt, cost);
  }

  /**
   * Whether {@code password} matches {@code storedHash}. A password bcrypt could not have hashed
   * (too long) never matches; a malformed stored hash never matches either.
   */
  public static boolean matches(String storedHash, char[] password) {
    if (utf8Length(password) > MAX_PASSWORD_BYTES || !isBcrypt(storedHash)) {
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(storedHash, password);
    } catch (IllegalArgumentException | org.bouncycastle.crypto.DataLengthException e) {
      return false;
    }
  }

  /** Whether {@code s} has the shape of a bcrypt hash: {@code $2a|2b|2y$NN$} and 53 characters. */
  public static boolean isBcrypt(String s) {
    return s.length() == 60
        && s.matches("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
  }

  private static void check(char[] password) {
    if (password.length < MIN_PASSWORD_CHARS) {
      throw new IllegalArgumentException(
          "the password must have at least " + MIN_PASSWORD_CHARS + " characters");
    }
    if (utf8Length(password) > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException(
          "the password must be at most "
              + MAX_PASSWORD_BYTES
              + " bytes in UTF-8 (bcrypt ignores the rest)");
    }
    for (char c : password) {
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException("the password must not contain control characters");
      }
    }
  }

  private static int utf8Length(char[] password) {
    return StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)).remaining();
  }
}
