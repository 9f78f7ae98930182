package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Content encryption in memory through the JDK's JCA: CBC with PKCS #7 padding, GCM with the tag
 * kept apart from the ciphertext as AuthEnvelopedData carries it. A new {@link Cipher} per call, so
 * this is thread-safe.
 */
public final class ContentEncryption {
  private ContentEncryption() {}

  /**
   * Ciphertext and, for AEAD, the tag.
   *
   * @param tag null for CBC
   */
  public record Sealed(byte[] ciphertext, byte[] tag) {}

  private static Cipher cipher(ContentSpec spec, int mode, byte[] cek)
      throws GeneralSecurityException {
    Algorithm alg = spec.algorithm();
    if (cek.length != alg.keyBytes()) {
      throw new IllegalArgumentException("content key length " + cek.length + " for " + alg);
    }
    Cipher c = Cipher.getInstance(alg.jcaName());
    AlgorithmParameterSpec params =
        alg.isAead()
            ? new GCMParameterSpec(spec.tagBytes() * 8, spec.iv().toByteArray())
            : new IvParameterSpec(spec.iv().toByteArray());
    c.init(mode, new SecretKeySpec(cek, alg.jcaKeyAlgorithm()), params);
    return c;
  }

  /**
   * Encrypts {@code plaintext} with a fresh spec (whose IV must never have been used with this
   * key).
   *
   * @param aad additional authenticated data for AEAD (may be empty); ignored for CBC
   */
  public static Sealed seal(ContentSpec spec, byte[] cek, byte[] plaintext, byte[] aad)
      throws GeneralSecurityException {
    Cipher c = cipher(spec, Cipher.ENCRYPT_MODE, cek);
    if (!spec.algorithm().isAead()) {
      return new Sealed(c.doFinal(plaintext), null);
    }
    if (aad.length > 0) {
      c.updateAAD(aad);
    }
    byte[] out = c.doFinal(plaintext);
    int n = out.length - spec.tagBytes();
    return new Sealed(Arrays.copyOf(out, n), Arrays.copyOfRange(out, n, out.length));
  }

  /**
   * Decrypts and verifies. Every failure (CBC padding, GCM tag, a key the provider refuses) is the
   * one {@link DecryptionFailedException}.
   */
  public static byte[] open(ContentSpec spec, byte[] cek, byte[] ciphertext, byte[] tag, byte[] aad)
      throws DecryptionFailedException {
    try {
      Cipher c = cipher(spec, Cipher.DECRYPT_MODE, cek);
      if (!spec.algorithm().isAead()) {
        return c.doFinal(ciphertext);
      }
      if (tag == null || tag.length != spec.tagBytes()) {
        throw new DecryptionFailedException();
      }
      if (aad.length > 0) {
        c.updateAAD(aad);
      }
      byte[] head = c.update(ciphertext);
      byte[] tail = c.doFinal(tag);
      if (head == null || head.length == 0) {
        return tail;
      }
      byte[] out = Arrays.copyOf(head, head.length + tail.length);
      System.arraycopy(tail, 0, out, head.length, tail.length);
      return out;
    } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
      throw new DecryptionFailedException();
    }
  }
}
