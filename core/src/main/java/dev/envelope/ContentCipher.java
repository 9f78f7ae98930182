package dev.envelope;

import dev.envelope.crypto.Algorithm;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The content-encryption algorithms a message can be sealed with. AEAD ciphers make
 * AuthEnvelopedData (RFC 5083), the others EnvelopedData (RFC 5652), which receivers such as .NET,
 * Outlook and older OpenSSL need.
 *
 * <p>The legacy ciphers (3DES, DES, RC2, RC4) are here for old receivers such as CAPICOM-era
 * software: they always open, and seal only when asked for by name. RC2 and RC4 come in the key
 * lengths CAPICOM offered, one constant each ({@link #withKeyBits} picks one).
 */
public enum ContentCipher {
  /** AES-128 in GCM, 12-byte nonce, 16-byte tag (RFC 5084). */
  AES_128_GCM(Algorithm.AES_128_GCM),
  /** AES-192 in GCM. */
  AES_192_GCM(Algorithm.AES_192_GCM),
  /** AES-256 in GCM: the default. */
  AES_256_GCM(Algorithm.AES_256_GCM),
  /**
   * AES-128 in CCM (RFC 5084), 7-byte nonce, 16-byte tag. CCM needs the content length before the
   * first byte: {@link Sealer#openEncrypting(java.io.OutputStream)} without a length refuses it.
   */
  AES_128_CCM(Algorithm.AES_128_CCM),
  /** AES-192 in CCM. */
  AES_192_CCM(Algorithm.AES_192_CCM),
  /** AES-256 in CCM. */
  AES_256_CCM(Algorithm.AES_256_CCM),
  /** ChaCha20-Poly1305 (RFC 8103): 256-bit key, 12-byte nonce, 16-byte tag. */
  CHACHA20_POLY1305(Algorithm.CHACHA20_POLY1305),
  /** AES-128 in CBC (RFC 3565). */
  AES_128_CBC(Algorithm.AES_128_CBC),
  /** AES-192 in CBC. */
  AES_192_CBC(Algorithm.AES_192_CBC),
  /** AES-256 in CBC: what .NET's EnvelopedCms writes. */
  AES_256_CBC(Algorithm.AES_256_CBC),
  /** Triple DES in CBC (RFC 3370): legacy, for old receivers only. */
  DES_EDE3_CBC(Algorithm.DES_EDE3_CBC),
  /** Single DES in CBC (56-bit key): legacy, breakable. */
  DES_CBC(Algorithm.DES_CBC),
  /** RC2 in CBC with a 40-bit key (RFC 3370 5.2 version 160, as RFC 4134 5.2): breakable. */
  RC2_40(Algorithm.RC2_CBC, 5),
  /** RC2 in CBC with a 56-bit key (version 52): breakable. */
  RC2_56(Algorithm.RC2_CBC, 7),
  /** RC2 in CBC with a 64-bit key (version 120): breakable. */
  RC2_64(Algorithm.RC2_CBC, 8),
  /** RC2 in CBC with a 128-bit key (version 58): CAPICOM's default, legacy. */
  RC2_128(Algorithm.RC2_CBC, 16),
  /** RC4 with a 40-bit key: breakable, no integrity of any kind. */
  RC4_40(Algorithm.RC4, 5),
  /** RC4 with a 56-bit key: breakable. */
  RC4_56(Algorithm.RC4, 7),
  /** RC4 with a 128-bit key: legacy, biased key stream. */
  RC4_128(Algorithm.RC4, 16);

  private final Algorithm algorithm;
  private final int keyBytes;

  ContentCipher(Algorithm algorithm) {
    this(algorithm, algorithm.keyBytes());
  }

  ContentCipher(Algorithm algorithm, int keyBytes) {
    this.algorithm = algorithm;
    this.keyBytes = keyBytes;
  }

  Algorithm algorithm() {
    return algorithm;
  }

  /** Content-key length in bytes. */
  int keyBytes() {
    return keyBytes;
  }

  /** The first constant for this algorithm (its longest key for RC2 and RC4 is picked below). */
  static ContentCipher of(Algorithm a) {
    ContentCipher found = null;
    for (ContentCipher c : values()) {
      if (c.algorithm == a && (found == null || c.keyBytes > found.keyBytes)) {
        found = c;
      }
    }
    if (found == null) {
      throw new IllegalArgumentException("not a content cipher: " + a);
    }
    return found;
  }

  /**
   * The constant for an algorithm and key length; for a key length no constant has (RC2 with a
   * version of 256 or more, RC4 of an odd length) the algorithm's longest.
   */
  static ContentCipher of(Algorithm a, int keyBytes) {
    for (ContentCipher c : values()) {
      if (c.algorithm == a && c.keyBytes == keyBytes) {
        return c;
      }
    }
    return of(a);
  }

  /**
   * The command-line name: {@code aes-256-gcm}, {@code 3des}; RC2 and RC4 with their key length,
   * {@code rc2-40}, {@code rc4-128}.
   */
  public String cliName() {
    return hasKeyLengths(algorithm) ? algorithm.cliName() + "-" + keyBits() : algorithm.cliName();
  }

  /** Whether the cipher authenticates (AuthEnvelopedData). */
  public boolean isAuthenticated() {
    return algorithm.isAead();
  }

  /** Old and weak; sealed only when asked for by name. */
  public boolean isLegacy() {
    return algorithm.isLegacy();
  }

  /** Key length in bits (DES: 64, of which 56 count; 3DES: 192, of which 168 count). */
  public int keyBits() {
    return keyBytes * 8;
  }

  /** The key lengths, in bits, this cipher's algorithm comes in (one for most). */
  public List<Integer> keyLengths() {
    return Arrays.stream(values())
        .filter(c -> c.algorithm == algorithm)
        .map(ContentCipher::keyBits)
        .toList();
  }

  /**
   * The same algorithm with a key of {@code bits}: RC2 takes 40, 56, 64 and 128, RC4 40, 56 and
   * 128; the others only their own.
   *
   * @throws IllegalArgumentException for a length the algorithm does not come in
   */
  public ContentCipher withKeyBits(int bits) {
    for (ContentCipher c : values()) {
      if (c.algorithm == algorithm && c.keyBits() == bits) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        algorithm.cliName()
            + " has no "
            + bits
            + "-bit key (it takes "
            + keyLengths().stream().map(String::valueOf).collect(Collectors.joining(", "))
            + ")");
  }

  /**
   * By command-line name ({@code aes-256-gcm}, {@code rc2} for RC2-128, {@code rc2-40}) or constant
   * name, case-insensitive.
   */
  public static Optional<ContentCipher> byName(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (ContentCipher c : values()) {
      if (c.cliName().equals(n) || c.name().equalsIgnoreCase(n)) {
        return Optional.of(c);
      }
    }
    return Algorithm.contentCipher(n).map(ContentCipher::of);
  }

  /**
   * The command-line names, comma-separated, for help and error texts: one per algorithm ({@code
   * rc2}, {@code rc4}, whose key length is a separate option).
   */
  public static String names() {
    Set<String> names = new LinkedHashSet<>();
    for (ContentCipher c : values()) {
      names.add(c.algorithm.cliName());
    }
    return String.join(", ", names);
  }

  private static boolean hasKeyLengths(Algorithm a) {
    return a == Algorithm.RC2_CBC || a == Algorithm.RC4;
  }
}
