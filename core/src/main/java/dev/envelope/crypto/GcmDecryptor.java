package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM decryption in constant memory. The JDK's GCM decrypting {@link Cipher} holds the whole
 * ciphertext until {@code doFinal} (it must not release unverified plaintext), which makes large
 * messages cost their size in memory. This decryptor instead runs AES-CTR from the first counter
 * block GCM uses for data ({@code nonce || 00000002}, NIST SP 800-38D 7.2) and feeds the recovered
 * plaintext to a fresh GCM encryptor with the same key and nonce, whose tag at the end must equal
 * the message's (compared in constant time).
 *
 * <p>Additional authenticated data may be given at {@link #verify}, after the ciphertext, as
 * AuthEnvelopedData sends its authAttrs: GHASH is linear, so the tag computed without it is
 * corrected by {@code H^(c+1) * GHASH(A) + (len(A) || 0^64) * H} (the field terms the AAD blocks
 * and its length contribute, SP 800-38D 6.4), with {@code H = E(K, 0^128)}.
 *
 * <p>Plaintext comes out before the tag is checked: callers must not release it as verified until
 * {@link #verify} returned.
 */
public final class GcmDecryptor {
  /** GCM's bound on one message: 2^39 - 256 bits of plaintext (SP 800-38D 5.2.1.1). */
  public static final long MAX_BYTES = (1L << 36) - 32;

  private final Cipher ctr;
  private final Cipher tagger;
  private final Cipher block;
  private final int tagBytes;
  private byte[] scratch = new byte[0];
  private long total;

  /**
   * @param nonce the 12-byte nonce (RFC 5084's recommended and only accepted length here)
   * @param tagBytes the tag length to check, 12 to 16
   */
  public GcmDecryptor(byte[] key, byte[] nonce, int tagBytes) throws GeneralSecurityException {
    if (nonce.length != 12) {
      throw new IllegalArgumentException("GCM nonce must be 12 bytes here");
    }
    SecretKeySpec k = new SecretKeySpec(key, "AES");
    byte[] counter = Arrays.copyOf(nonce, 16);
    counter[15] = 2;
    ctr = Cipher.getInstance("AES/CTR/NoPadding");
    ctr.init(Cipher.DECRYPT_MODE, k, new IvParameterSpec(counter));
    tagger = Cipher.getInstance("AES/GCM/NoPadding");
    tagger.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(128, nonce));
    block = Cipher.getInstance("AES/ECB/NoPadding");
    block.init(Cipher.ENCRYPT_MODE, k);
    this.tagBytes = tagBytes;
  }

  /**
   * Decrypts {@code len} bytes into {@code out} at {@code outOff} (which needs room for {@code len}
   * bytes) and returns {@code len}.
   *
   * @throws DecryptionFailedException past GCM's length bound
   */
  public int update(byte[] in, int off, int len, byte[] out, int outOff)
      throws DecryptionFailedException {
    total += len;
    if (total > MAX_BYTES) {
      throw new DecryptionFailedException();
    }
    try {
      int n = ctr.update(in, off, len, out, outOff);
      if (n != len) {
        throw new IllegalStateException("CTR returned " + n + " of " + len);
      }
      int need = tagger.getOutputSize(len);
      if (scratch.length < need) {
        scratch = new byte[Math.max(need, 8192)];
      }
      tagger.update(out, outOff, len, scratch, 0);
      return len;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES failed mid-stream", e);
    }
  }

  /**
   * Checks the tag once all ciphertext went through {@link #update}.
   *
   * @param aad the additional authenticated data (may be empty)
   * @throws DecryptionFailedException when the tag does not match
   */
  public void verify(byte[] tag, byte[] aad) throws DecryptionFailedException {
    byte[] full;
    try {
      byte[] tail = tagger.doFinal();
      full = Arrays.copyOfRange(tail, tail.length - 16, tail.length);
      if (aad.length > 0) {
        byte[] h = block.doFinal(new byte[16]);
        long c = (total + 15) / 16;
        Ghash.xorInto(full, Ghash.multiply(Ghash.power(h, c + 1), Ghash.hashPadded(h, aad)));
        byte[] lengths = new byte[16];
        long bits = (long) aad.length * 8;
        for (int i = 0; i < 8; i++) {
          lengths[7 - i] = (byte) (bits >>> (8 * i));
        }
        Ghash.xorInto(full, Ghash.multiply(lengths, h));
        Arrays.fill(h, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new DecryptionFailedException();
    }
    byte[] computed = Arrays.copyOf(full, tagBytes);
    if (tag == null || !MessageDigest.isEqual(computed, tag)) {
      throw new DecryptionFailedException();
    }
  }
}
