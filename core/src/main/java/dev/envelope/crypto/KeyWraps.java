package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key wrap for recipient entries: AES key wrap (RFC 3394) and with padding (RFC 5649) through the
 * JDK's {@code AES/KW/NoPadding} and {@code AES/KWP/NoPadding}, and RFC 3217's Triple-DES wrap for
 * opening old messages. Every failure to unwrap is a {@link DecryptionFailedException}.
 */
public final class KeyWraps {
  private KeyWraps() {}

  /**
   * Wraps {@code key} with {@code kek}.
   *
   * @param wrap a {@link Algorithm.Kind#KEY_WRAP} row whose KEK length is {@code kek.length}
   */
  public static byte[] wrap(Algorithm wrap, byte[] kek, byte[] key)
      throws GeneralSecurityException {
    requireAes(wrap, kek);
    Cipher c = Cipher.getInstance(wrap.jcaName());
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"));
    return c.doFinal(key);
  }

  /**
   * The wrap to write for a key of {@code keyLength} bytes: {@code wrap} itself, or its RFC 5649
   * padded twin (same KEK size) when RFC 3394 cannot take the key, which must be at least 16 bytes
   * and a multiple of 8 (the content keys of DES, RC2 below 128 bits and RC4 below 128 bits).
   */
  public static Algorithm fitting(Algorithm wrap, int keyLength) {
    if (keyLength >= 16 && keyLength % 8 == 0) {
      return wrap;
    }
    return switch (wrap) {
      case AES_128_WRAP -> Algorithm.AES_128_WRAP_PAD;
      case AES_192_WRAP -> Algorithm.AES_192_WRAP_PAD;
      case AES_256_WRAP -> Algorithm.AES_256_WRAP_PAD;
      default -> wrap;
    };
  }

  /**
   * Unwraps {@code wrapped} with {@code kek}.
   *
   * @throws DecryptionFailedException when the integrity check fails (a wrong KEK or a modified
   *     entry)
   * @throws UnsupportedAlgorithmException for a row that is not a key wrap this class serves
   */
  public static byte[] unwrap(Algorithm wrap, byte[] kek, byte[] wrapped)
      throws DecryptionFailedException, UnsupportedAlgorithmException {
    if (wrap == Algorithm.DES_EDE3_WRAP) {
      return TripleDesWrap.unwrap(kek, wrapped);
    }
    try {
      requireAes(wrap, kek);
    } catch (IllegalArgumentException e) {
      throw new DecryptionFailedException();
    }
    // RFC 3394 and 5649 output whole 8-byte semiblocks, at least two; shorter input made the JDK's
    // AES/KW throw NegativeArraySizeException (found by the Wycheproof vectors)
    if (wrapped.length < 16 || wrapped.length % 8 != 0) {
      throw new DecryptionFailedException();
    }
    try {
      Cipher c = Cipher.getInstance(wrap.jcaName());
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"));
      return c.doFinal(wrapped);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new DecryptionFailedException();
    }
  }

  private static void requireAes(Algorithm wrap, byte[] kek) throws UnsupportedAlgorithmException {
    if (wrap.kind() != Algorithm.Kind.KEY_WRAP || !wrap.jcaName().startsWith("AES/")) {
      throw new UnsupportedAlgorithmException("not an AES key wrap: " + wrap.cliName());
    }
    if (kek.length != wrap.keyBytes()) {
      throw new IllegalArgumentException(
          wrap.cliName() + " needs a " + wrap.keyBytes() + "-byte key, not " + kek.length);
    }
  }
}
