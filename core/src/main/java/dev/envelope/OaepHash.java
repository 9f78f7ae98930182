package dev.envelope;

import dev.envelope.crypto.Algorithm;
import java.util.Locale;
import java.util.Optional;

/** The hash of RSAES-OAEP, used for the label and for MGF1 alike when sealing. */
public enum OaepHash {
  SHA1(Algorithm.SHA1),
  SHA256(Algorithm.SHA256),
  SHA384(Algorithm.SHA384),
  SHA512(Algorithm.SHA512);

  private final Algorithm digest;

  OaepHash(Algorithm digest) {
    this.digest = digest;
  }

  Algorithm digest() {
    return digest;
  }

  /** {@code sha1}, {@code sha256}, ... */
  public String cliName() {
    return digest.cliName();
  }

  /** By name, {@code sha256} or {@code SHA-256}, case-insensitive. */
  public static Optional<OaepHash> byName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace("-", "");
    for (OaepHash h : values()) {
      if (h.cliName().equals(n)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }
}
