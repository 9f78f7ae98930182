package dev.envelope.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-GCM key and 12-byte nonce, and what it takes to run a JDK GCM cipher over any stretch of
 * the message's counter blocks: {@link LongGcm}'s segments and {@link GcmDecryptor}'s keystream
 * ranges. Thread-safe.
 *
 * <p>How (NIST SP 800-38D): the message with nonce N uses counter blocks J0 + i, J0 = N || 1, so
 * data block b is encrypted with N || (2 + b). A stretch starting at block b gets a JDK cipher with
 * a 16-byte IV chosen so that the cipher's own J0' = N || (1 + b): for such an IV, J0' = GHASH(IV
 * || 0^64 || [128]_64) = IV·H^2 + L·H, so IV = (J0' + L·H)·H^-2. The stretch's tag is T = S(C)·H +
 * L'·H + E(J0'), where S is GHASH's Horner sum over the stretch's output without the length block
 * L'; so S(C)·H is recovered ({@link #stretchHash}), and stretches combine as S(C1 || C2)·H =
 * S(C1)·H · H^(blocks of C2) + S(C2)·H.
 */
final class GcmKey {
  final SecretKeySpec key;
  final byte[] h;
  private final byte[] nonce;
  private final Cipher block;
  private volatile byte[] hInverseSquared;

  GcmKey(byte[] key, byte[] nonce) throws GeneralSecurityException {
    if (nonce.length != 12) {
      throw new IllegalArgumentException("12-byte nonce");
    }
    this.key = new SecretKeySpec(key, "AES");
    this.nonce = nonce.clone();
    block = Cipher.getInstance("AES/ECB/NoPadding");
    block.init(Cipher.ENCRYPT_MODE, this.key);
    h = encryptBlock(new byte[16]);
  }

  /** N || value, the counter block numbered {@code value} (a 32-bit counter). */
  byte[] counterBlock(long value) {
    byte[] j = Arrays.copyOf(nonce, 16);
    j[12] = (byte) (value >>> 24);
    j[13] = (byte) (value >>> 16);
    j[14] = (byte) (value >>> 8);
    j[15] = (byte) value;
    return j;
  }

  /** E(b) for one block. */
  byte[] encryptBlock(byte[] b) throws GeneralSecurityException {
    synchronized (block) {
      return block.doFinal(b);
    }
  }

  /** A JDK GCM encryptor whose first data block is the message's block {@code firstBlock}. */
  Cipher stretchCipher(long firstBlock) throws GeneralSecurityException {
    byte[] iv;
    if (firstBlock == 0) {
      iv = nonce;
    } else {
      byte[] t = counterBlock(1 + firstBlock);
      Ghash.xorInto(t, Ghash.multiply(lengthBlock(0, 128), h));
      iv = Ghash.multiply(t, hInverseSquared());
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
    return c;
  }

  /**
   * S(C)·H for the {@code bytes} bytes of output of a {@link #stretchCipher}({@code firstBlock}),
   * from its tag.
   */
  byte[] stretchHash(byte[] tag, long firstBlock, long bytes) throws GeneralSecurityException {
    byte[] v = tag.clone();
    Ghash.xorInto(v, encryptBlock(counterBlock(1 + firstBlock)));
    Ghash.xorInto(v, Ghash.multiply(lengthBlock(0, bytes * 8), h));
    return v;
  }

  /**
   * S(X || Y)·H from S(X)·H ({@code first}) and S(Y)·H ({@code second}), Y being {@code blocks}
   * blocks: first·H^blocks + second. An all-zero {@code first} (nothing before, the common case for
   * a short message) skips the power of H.
   */
  byte[] concat(byte[] first, byte[] second, long blocks) {
    byte[] r =
        blocks == 0 || Arrays.equals(first, new byte[16])
            ? first.clone()
            : Ghash.multiply(first, Ghash.power(h, blocks));
    Ghash.xorInto(r, second);
    return r;
  }

  /** H^-2, computed once (a few hundred field multiplications). */
  private byte[] hInverseSquared() {
    byte[] s = hInverseSquared;
    if (s == null) {
      byte[] inv = Ghash.inverse(h);
      s = Ghash.multiply(inv, inv);
      hInverseSquared = s;
    }
    return s;
  }

  /** [aBits]_64 || [cBits]_64. */
  static byte[] lengthBlock(long aBits, long cBits) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[7 - i] = (byte) (aBits >>> (8 * i));
      b[15 - i] = (byte) (cBits >>> (8 * i));
    }
    return b;
  }
}
