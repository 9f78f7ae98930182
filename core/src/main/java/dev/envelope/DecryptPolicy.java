package dev.envelope;

import dev.envelope.crypto.Algorithm;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the opener accepts beyond the structural rules, which no policy relaxes (no unauthenticated
 * cipher in AuthEnvelopedData, no AEAD cipher in EnvelopedData, no tags shorter than 12 bytes, only
 * CBC inside password entries).
 *
 * @param allowLegacyCiphers open messages sealed with legacy ciphers (3DES, DES, RC2, RC4); on by
 *     default, since old archives must stay readable
 * @param allowedCiphers the content ciphers that may open (an allow-list), whatever their key
 *     length; all by default
 */
public record DecryptPolicy(boolean allowLegacyCiphers, Set<ContentCipher> allowedCiphers) {
  /** The default: every cipher opens, legacy ones included. */
  public static final DecryptPolicy DEFAULT =
      new DecryptPolicy(true, EnumSet.allOf(ContentCipher.class));

  /** Refuses legacy ciphers. */
  public static final DecryptPolicy MODERN =
      new DecryptPolicy(false, EnumSet.allOf(ContentCipher.class));

  public DecryptPolicy {
    allowedCiphers = Set.copyOf(Objects.requireNonNull(allowedCiphers, "allowedCiphers"));
  }

  /** Legacy ciphers allowed or not, every other cipher allowed. */
  public DecryptPolicy(boolean allowLegacyCiphers) {
    this(allowLegacyCiphers, EnumSet.allOf(ContentCipher.class));
  }

  /** Only these ciphers open (legacy ones among them included). */
  public static DecryptPolicy only(ContentCipher first, ContentCipher... more) {
    return new DecryptPolicy(true, EnumSet.of(first, more));
  }

  /** Whether a message with this content algorithm may open; RC2 and RC4 match any key length. */
  boolean allows(Algorithm algorithm) {
    if (algorithm.isLegacy() && !allowLegacyCiphers) {
      return false;
    }
    for (ContentCipher c : allowedCiphers) {
      if (c.algorithm() == algorithm) {
        return true;
      }
    }
    return false;
  }

  /** The allowed ciphers' names, for the refusal's message. */
  String allowedNames() {
    return allowedCiphers.stream()
        .map(ContentCipher::cliName)
        .sorted()
        .collect(Collectors.joining(", "));
  }
}
