package dev.envelope;

import dev.envelope.crypto.Algorithm;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The content-encryption algorithms a message can be sealed with. AEAD ciphers make
 * AuthEnvelopedData (RFC 5083), the others EnvelopedData (RFC 5652), which receivers such as .NET,
 * Outlook and older OpenSSL need.
 */
public enum ContentCipher {
  /** AES-128 in GCM, 12-byte nonce, 16-byte tag (RFC 5084). */
  AES_128_GCM(Algorithm.AES_128_GCM),
  /** AES-192 in GCM. */
  AES_192_GCM(Algorithm.AES_192_GCM),
  /** AES-256 in GCM: the default. */
  AES_256_GCM(Algorithm.AES_256_GCM),
  /** AES-128 in CBC (RFC 3565). */
  AES_128_CBC(Algorithm.AES_128_CBC),
  /** AES-192 in CBC. */
  AES_192_CBC(Algorithm.AES_192_CBC),
  /** AES-256 in CBC: what .NET's EnvelopedCms writes. */
  AES_256_CBC(Algorithm.AES_256_CBC),
  /** Triple DES in CBC (RFC 3370): legacy, for old receivers only. */
  DES_EDE3_CBC(Algorithm.DES_EDE3_CBC);

  private final Algorithm algorithm;

  ContentCipher(Algorithm algorithm) {
    this.algorithm = algorithm;
  }

  Algorithm algorithm() {
    return algorithm;
  }

  static ContentCipher of(Algorithm a) {
    for (ContentCipher c : values()) {
      if (c.algorithm == a) {
        return c;
      }
    }
    throw new IllegalArgumentException("not a content cipher: " + a);
  }

  /** The command-line name: {@code aes-256-gcm}, {@code aes-256-cbc}, {@code 3des}. */
  public String cliName() {
    return algorithm.cliName();
  }

  /** Whether the cipher authenticates (AuthEnvelopedData). */
  public boolean isAuthenticated() {
    return algorithm.isAead();
  }

  /** Old and weak; sealed only when asked for by name. */
  public boolean isLegacy() {
    return algorithm.isLegacy();
  }

  /** Key length in bits. */
  public int keyBits() {
    return algorithm.keyBytes() * 8;
  }

  /** By command-line name ({@code aes-256-gcm}) or constant name, case-insensitive. */
  public static Optional<ContentCipher> byName(String name) {
    return Algorithm.contentCipher(name.toLowerCase(Locale.ROOT)).map(ContentCipher::of);
  }

  /** The command-line names, comma-separated, for help and error texts. */
  public static String names() {
    return Arrays.stream(values()).map(ContentCipher::cliName).collect(Collectors.joining(", "));
  }
}
