package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 3211 section 2.3's key wrap ({@code id-alg-PWRI-KEK}): the content key with a length byte and
 * a check value, padded to at least two blocks, encrypted twice in CBC mode with the same KEK.
 * Inner ciphers: AES-128/192/256-CBC and DES-EDE3-CBC rows of the table.
 */
public final class PwriWrap {
  private PwriWrap() {}

  /** Whether {@code cipher} may be the inner cipher of a PWRI-KEK (a CBC block cipher). */
  public static boolean isInnerCipher(Algorithm cipher) {
    return cipher == Algorithm.AES_128_CBC
        || cipher == Algorithm.AES_192_CBC
        || cipher == Algorithm.AES_256_CBC
        || cipher == Algorithm.DES_EDE3_CBC;
  }

  /**
   * Wraps {@code key} (RFC 3211 2.3.1).
   *
   * @param cipher an inner cipher row ({@link #isInnerCipher})
   * @param kek a key of the cipher's length
   * @param iv the IV written in the inner AlgorithmIdentifier, one block
   */
  public static byte[] wrap(
      Algorithm cipher, byte[] kek, byte[] iv, byte[] key, SecureRandom random)
      throws GeneralSecurityException {
    requireInner(cipher);
    int b = cipher.ivBytes();
    if (key.length < 3 || key.length > 255 || iv.length != b || kek.length != cipher.keyBytes()) {
      throw new IllegalArgumentException("PWRI-KEK wrap: bad key, KEK or IV length");
    }
    // length byte, check value (the complement of the first three key bytes), key, random padding
    // to a multiple of the block size and at least two blocks
    int n = Math.max(2 * b, (4 + key.length + b - 1) / b * b);
    byte[] p = new byte[n];
    byte[] first = null;
    try {
      p[0] = (byte) key.length;
      for (int i = 0; i < 3; i++) {
        p[1 + i] = (byte) ~key[i];
      }
      System.arraycopy(key, 0, p, 4, key.length);
      byte[] pad = new byte[n - 4 - key.length];
      random.nextBytes(pad);
      System.arraycopy(pad, 0, p, 4 + key.length, pad.length);
      Cipher c = cbc(cipher);
      SecretKeySpec k = new SecretKeySpec(kek, cipher.jcaKeyAlgorithm());
      c.init(Cipher.ENCRYPT_MODE, k, new IvParameterSpec(iv));
      first = c.doFinal(p);
      // "without resetting the IV (that is, using the last ciphertext block as the IV), encrypt
      // the encrypted padded key a second time"
      c.init(Cipher.ENCRYPT_MODE, k, new IvParameterSpec(first, n - b, b));
      return c.doFinal(first);
    } finally {
      Arrays.fill(p, (byte) 0);
      if (first != null) {
        Arrays.fill(first, (byte) 0);
      }
    }
  }

  /**
   * Unwraps (RFC 3211 2.3.2). Every failure, whether the length, the padding structure or the check
   * value, is the one {@link DecryptionFailedException}: the check value is the only thing telling
   * a wrong password from a right one.
   */
  public static byte[] unwrap(Algorithm cipher, byte[] kek, byte[] iv, byte[] wrapped)
      throws DecryptionFailedException {
    if (!isInnerCipher(cipher)) {
      throw new DecryptionFailedException();
    }
    int b = cipher.ivBytes();
    int n = wrapped.length;
    if (n < 2 * b || n % b != 0 || iv.length != b || kek.length != cipher.keyBytes()) {
      throw new DecryptionFailedException();
    }
    byte[] lastInner = null;
    byte[] inner = new byte[n];
    byte[] p = null;
    try {
      Cipher c = cbc(cipher);
      SecretKeySpec k = new SecretKeySpec(kek, cipher.jcaKeyAlgorithm());
      // 1. using the n-1'th ciphertext block as the IV, decrypt the n'th ciphertext block
      c.init(Cipher.DECRYPT_MODE, k, new IvParameterSpec(wrapped, n - 2 * b, b));
      lastInner = c.doFinal(wrapped, n - b, b);
      // 2. using the decrypted n'th block as the IV, decrypt the 1st ... n-1'th blocks: this
      // strips the outer layer of encryption
      c.init(Cipher.DECRYPT_MODE, k, new IvParameterSpec(lastInner));
      c.doFinal(wrapped, 0, n - b, inner, 0);
      System.arraycopy(lastInner, 0, inner, n - b, b);
      // 3. decrypt the inner layer with the KEK and the IV of the AlgorithmIdentifier
      c.init(Cipher.DECRYPT_MODE, k, new IvParameterSpec(iv));
      p = c.doFinal(inner);
      // 4. the length byte must fit, the check value must be the complement of the key's start
      int len = p[0] & 0xff;
      int check = (p[1] ^ p[4]) & (p[2] ^ p[5]) & (p[3] ^ p[6]) & 0xff;
      boolean ok = (check == 0xff) & (len >= 3) & (len <= n - 4);
      if (!ok) {
        throw new DecryptionFailedException();
      }
      return Arrays.copyOfRange(p, 4, 4 + len);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new DecryptionFailedException();
    } finally {
      Arrays.fill(inner, (byte) 0);
      if (lastInner != null) {
        Arrays.fill(lastInner, (byte) 0);
      }
      if (p != null) {
        Arrays.fill(p, (byte) 0);
      }
    }
  }

  private static void requireInner(Algorithm cipher) {
    if (!isInnerCipher(cipher)) {
      throw new IllegalArgumentException("not a PWRI-KEK inner cipher: " + cipher.cliName());
    }
  }

  private static Cipher cbc(Algorithm cipher) throws GeneralSecurityException {
    return Cipher.getInstance(cipher.jcaKeyAlgorithm() + "/CBC/NoPadding");
  }
}
