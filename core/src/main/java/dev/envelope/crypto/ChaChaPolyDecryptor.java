package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ChaCha20-Poly1305 (RFC 8439 2.8, in CMS per RFC 8103) decryption in constant memory. The JDK's
 * decrypting ChaCha20-Poly1305 {@link Cipher} holds the whole ciphertext until {@code doFinal};
 * this one runs the JDK's raw ChaCha20 from block counter 1 for the data, and MACs the ciphertext
 * as it passes with a {@link Poly1305} keyed by the first 32 bytes of key-stream block 0 (RFC 8439
 * 2.6).
 *
 * <p>The MAC input is {@code AAD || pad16 || C || pad16 || len(AAD) || len(C)} (lengths as 64-bit
 * little-endian). AuthEnvelopedData sends the AAD (the DER of its authAttrs) after the content, so
 * it is given at {@link #verify} and put in front of the already absorbed blocks with {@link
 * Poly1305#finishWithPrefix} (polynomial algebra; nothing is buffered).
 *
 * <p>Plaintext comes out before the tag is checked: callers must not release it as verified until
 * {@link #verify} returned.
 */
public final class ChaChaPolyDecryptor {
  /**
   * RFC 8439 2.8: at most 2^32 - 1 key-stream blocks of 64 bytes after block 0 (256 GiB) per nonce.
   */
  public static final long MAX_BYTES = (1L << 38) - 64;

  private final Cipher chacha;
  private final Poly1305 mac;
  private long total;

  /**
   * @param key the 32-byte key
   * @param nonce the 12-byte nonce
   */
  public ChaChaPolyDecryptor(byte[] key, byte[] nonce) throws GeneralSecurityException {
    if (key.length != 32 || nonce.length != 12) {
      throw new IllegalArgumentException("ChaCha20-Poly1305 takes a 32-byte key, 12-byte nonce");
    }
    SecretKeySpec k = new SecretKeySpec(key, "ChaCha20");
    Cipher block0 = Cipher.getInstance("ChaCha20");
    block0.init(Cipher.DECRYPT_MODE, k, new ChaCha20ParameterSpec(nonce, 0));
    byte[] otk = block0.doFinal(new byte[32]); // RFC 8439 2.6: the first 32 bytes of block 0
    mac = new Poly1305(otk);
    Arrays.fill(otk, (byte) 0);
    chacha = Cipher.getInstance("ChaCha20");
    chacha.init(Cipher.DECRYPT_MODE, k, new ChaCha20ParameterSpec(nonce, 1));
  }

  /**
   * Decrypts {@code len} bytes into {@code out} at {@code outOff} (room for {@code len} bytes) and
   * returns {@code len}; {@code in} and {@code out} may be the same array at the same offset.
   *
   * @throws DecryptionFailedException past ChaCha20's length bound for one nonce
   */
  public int update(byte[] in, int off, int len, byte[] out, int outOff)
      throws DecryptionFailedException {
    total += len;
    if (total > MAX_BYTES) {
      throw new DecryptionFailedException();
    }
    mac.update(in, off, len); // the MAC covers the ciphertext: absorb before it is overwritten
    try {
      int n = Pieces.update(chacha, in, off, len, out, outOff);
      if (n != len) {
        throw new IllegalStateException("ChaCha20 returned " + n + " of " + len);
      }
      return len;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20 failed mid-stream", e);
    }
  }

  /**
   * Checks the tag once all ciphertext went through {@link #update}.
   *
   * @param tag the message's 16-byte tag
   * @param aad the additional authenticated data (may be empty)
   * @throws DecryptionFailedException when the tag does not match
   */
  public void verify(byte[] tag, byte[] aad) throws DecryptionFailedException {
    mac.pad16();
    byte[] lengths = new byte[16];
    putLe64(lengths, 0, aad.length);
    putLe64(lengths, 8, total);
    mac.update(lengths, 0, 16);
    byte[] computed = mac.finishWithPrefix(aad);
    mac.destroy();
    boolean ok = tag != null && MessageDigest.isEqual(computed, tag);
    Arrays.fill(computed, (byte) 0);
    if (!ok) {
      throw new DecryptionFailedException();
    }
  }

  private static void putLe64(byte[] b, int off, long v) {
    for (int i = 0; i < 8; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }
}
