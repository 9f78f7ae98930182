package dev.envelope;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A key-encryption key and the identifier it is known by (RFC 5652 6.2.3 KEKIdentifier). The arrays
 * are copied in; {@link #key} returns the copy held (callers must not change it).
 */
public record KekEntry(byte[] keyIdentifier, byte[] key) {
  public KekEntry {
    keyIdentifier = Objects.requireNonNull(keyIdentifier, "keyIdentifier").clone();
    key = Objects.requireNonNull(key, "key").clone();
  }

  /** Says which identifier, never the key. */
  @Override
  public String toString() {
    return "KekEntry[id=" + HexFormat.of().formatHex(keyIdentifier) + "]";
  }
}
