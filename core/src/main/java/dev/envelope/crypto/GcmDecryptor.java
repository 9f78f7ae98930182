package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM decryption in constant memory. The JDK's GCM decrypting {@link Cipher} holds the whole
 * ciphertext until {@code doFinal} (it must not release unverified plaintext), which makes large
 * messages cost their size in memory. This decryptor instead runs AES-CTR from the first counter
 * block GCM uses for data ({@code nonce || 00000002}, NIST SP 800-38D 7.2) and feeds the recovered
 * plaintext to a GCM encryptor with the same key and nonce ({@link LongGcm}, which also lifts the
 * JDK's 2 GiB limit), whose tag at the end must equal the message's (compared in constant time).
 *
 * <p>Additional authenticated data may be given at {@link #verify}, after the ciphertext, as
 * AuthEnvelopedData sends its authAttrs (see {@link LongGcm}).
 *
 * <p>Plaintext comes out before the tag is checked: callers must not release it as verified until
 * {@link #verify} returned.
 */
public final class GcmDecryptor {
  /** GCM's bound on one message: 2^39 - 256 bits of plaintext (SP 800-38D 5.2.1.1). */
  public static final long MAX_BYTES = (1L << 36) - 32;

  private final Cipher ctr;
  private final LongGcm tagger;
  private final int tagBytes;
  private byte[] scratch = new byte[0];
  private long total;

  /**
   * @param nonce the 12-byte nonce (RFC 5084's recommended and only accepted length here)
   * @param tagBytes the tag length to check, 12 to 16
   */
  public GcmDecryptor(byte[] key, byte[] nonce, int tagBytes) throws GeneralSecurityException {
    this(key, nonce, tagBytes, LongGcm.SEGMENT);
  }

  /** With small tagger segments, for tests of the segment folding. */
  GcmDecryptor(byte[] key, byte[] nonce, int tagBytes, long segmentBytes)
      throws GeneralSecurityException {
    if (nonce.length != 12) {
      throw new IllegalArgumentException("GCM nonce must be 12 bytes here");
    }
    byte[] counter = Arrays.copyOf(nonce, 16);
    counter[15] = 2;
    ctr = Cipher.getInstance("AES/CTR/NoPadding");
    ctr.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
    tagger = new LongGcm(key, nonce, segmentBytes);
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
      int n = Pieces.update(ctr, in, off, len, out, outOff);
      if (n != len) {
        throw new IllegalStateException("CTR returned " + n + " of " + len);
      }
      if (scratch.length < len + 16) {
        scratch = new byte[Math.max(len + 16, 8192)];
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
      tagger.finish(new byte[32], 0);
      full = tagger.tag(aad);
    } catch (GeneralSecurityException e) {
      throw new DecryptionFailedException();
    }
    byte[] computed = Arrays.copyOf(full, tagBytes);
    if (tag == null || !MessageDigest.isEqual(computed, tag)) {
      throw new DecryptionFailedException();
    }
  }
}
