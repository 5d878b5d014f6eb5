package org.chargebay.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PasswordHashesTest {

  @Test
  void a_hash_is_salted_bcrypt_and_matches_only_its_password() {
    String a = PasswordHashes.hash("workshop-42".toCharArray(), 4);
    String b = PasswordHashes.hash("workshop-42".toCharArray(), 4);
    assertThat(a).startsWith("$2y$04$").hasSize(60).isNotEqualTo(b);
    assertThat(PasswordHashes.isBcrypt(a)).isTrue();
    assertThat(PasswordHashes.matches(a, "workshop-42".toCharArray())).isTrue();
    assertThat(PasswordHashes.matches(b, "workshop-42".toCharArray())).isTrue();
    assertThat(PasswordHashes.matches(a, "workshop-43".toCharArray())).isFalse();
    assertThat(PasswordHashes.matches(a, "".toCharArray())).isFalse();
  }

  @Test
  void verifies_a_hash_written_by_another_bcrypt_implementation() {
    // Debian's libxcrypt: python3 -c "import crypt; print(crypt.crypt('password',
    //   crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))"
    String libxcrypt = "$2b$04$mPvJrTqyHvAWRWxWOugMSuHIeUFn2mWnqUKirYqDrIrqgHm2y55bS";
    assertThat(PasswordHashes.isBcrypt(libxcrypt)).isTrue();
    assertThat(PasswordHashes.matches(libxcrypt, "password".toCharArray())).isTrue();
    assertThat(PasswordHashes.matches(libxcrypt, "Password".toCharArray())).isFalse();
  }

  @Test
  void passwords_bcrypt_would_truncate_or_that_are_too_short_are_refused() {
    assertThatThrownBy(() -> PasswordHashes.hash("x".repeat(73).toCharArray(), 4))
        .hasMessageContaining("at most 72 bytes");
    // 36 two-byte characters are 72 bytes: accepted; one more is refused
    String hash = PasswordHashes.hash("é".repeat(36).toCharArray(), 4);
    assertThat(PasswordHashes.matches(hash, "é".repeat(36).toCharArray())).isTrue();
    assertThatThrownBy(() -> PasswordHashes.hash("é".repeat(37).toCharArray(), 4))
        .hasMessageContaining("at most 72 bytes");
    assertThatThrownBy(() -> PasswordHashes.hash("seven77".toCharArray(), 4))
        .hasMessageContaining("at least 8");
    assertThatThrownBy(() -> PasswordHashes.hash("tab\there-ok".toCharArray(), 4))
        .hasMessageContaining("control characters");
  }

  @Test
  void malformed_stored_hashes_never_match() {
    assertThat(PasswordHashes.matches("plaintext", "plaintext".toCharArray())).isFalse();
    assertThat(PasswordHashes.matches("$1$abc$def", "x".toCharArray())).isFalse();
    assertThat(PasswordHashes.isBcrypt("$2y$03$" + "a".repeat(53))).isFalse();
  }
}
