package dev.envelope;

import dev.envelope.crypto.Algorithm;
import java.util.Locale;
import java.util.Optional;

/** The hash of a key derivation: the X9.63 KDF or HKDF of key agreement, PBKDF2's HMAC. */
public enum KdfHash {
  SHA1(Algorithm.SHA1),
  SHA224(Algorithm.SHA224),
  SHA256(Algorithm.SHA256),
  SHA384(Algorithm.SHA384),
  SHA512(Algorithm.SHA512);

  private final Algorithm digest;

  KdfHash(Algorithm digest) {
    this.digest = digest;
  }

  /** The digest row. */
  Algorithm digest() {
    return digest;
  }

  /** The HMAC row for PBKDF2. */
  Algorithm prf() {
    return switch (this) {
      case SHA1 -> Algorithm.HMAC_SHA1;
      case SHA224 -> Algorithm.HMAC_SHA224;
      case SHA256 -> Algorithm.HMAC_SHA256;
      case SHA384 -> Algorithm.HMAC_SHA384;
      case SHA512 -> Algorithm.HMAC_SHA512;
    };
  }

  /** {@code sha1}, {@code sha256}, ... */
  public String cliName() {
    return digest.cliName();
  }

  /** By name, {@code sha256} or {@code SHA-256}, case-insensitive. */
  public static Optional<KdfHash> byName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace("-", "");
    for (KdfHash h : values()) {
      if (h.cliName().equals(n)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }
}
