package dev.envelope.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * AES-GCM encryption of any length GCM allows (up to 2^36 - 32 bytes), in constant memory, at the
 * speed of the JDK's own GCM. SunJCE refuses more than 2^31 - 1 bytes in one operation, so the data
 * is cut into segments of {@link #SEGMENT} bytes, each encrypted by its own JDK cipher that
 * continues the message's counter ({@link GcmKey#stretchCipher}), and the segments' hashes are
 * folded into the message's tag: E(J0) + S(A)·H^(c+1) + S(C)·H + ([len A]_64 || [len C]_64)·H, with
 * S(C)·H = Σ S(C_k)·H · H^(blocks after k) (see {@link GcmKey}). The additional data A may come at
 * the end (RFC 5083 sends authAttrs after the content).
 */
final class LongGcm {
  /** Bytes per JDK cipher: a multiple of 16, below SunJCE's 2^31 - 1 limit. */
  static final long SEGMENT = 1L << 30;

  private final GcmKey key;
  private final long segmentBytes;
  private Cipher current;
  private long currentFirstBlock;
  private long inSegment;
  private long total;
  private byte[] acc = new byte[16];

  LongGcm(byte[] key, byte[] nonce) throws GeneralSecurityException {
    this(key, nonce, SEGMENT);
  }

  /** With a small segment size, for tests of the folding. */
  LongGcm(byte[] key, byte[] nonce, long segmentBytes) throws GeneralSecurityException {
    this(new GcmKey(key, nonce), segmentBytes);
  }

  LongGcm(GcmKey key, long segmentBytes) throws GeneralSecurityException {
    if (segmentBytes % 16 != 0 || segmentBytes <= 0) {
      throw new IllegalArgumentException("whole-block segments");
    }
    this.key = key;
    this.segmentBytes = segmentBytes;
    startSegment();
  }

  private void startSegment() throws GeneralSecurityException {
    currentFirstBlock = total / 16;
    current = key.stretchCipher(currentFirstBlock);
    inSegment = 0;
  }

  /** Encrypts; returns the bytes written to {@code out} at {@code outOff} (room: len + 16). */
  int update(byte[] in, int off, int len, byte[] out, int outOff) throws GeneralSecurityException {
    int written = 0;
    while (len > 0) {
      int n = (int) Math.min(len, segmentBytes - inSegment);
      written += Pieces.update(current, in, off, n, out, outOff + written);
      off += n;
      len -= n;
      inSegment += n;
      total += n;
      if (inSegment == segmentBytes) {
        written += endSegment(out, outOff + written);
        startSegment();
      }
    }
    return written;
  }

  /** Closes the current segment: its last ciphertext bytes go to out, its hash into acc. */
  private int endSegment(byte[] out, int outOff) throws GeneralSecurityException {
    byte[] last = current.doFinal();
    int n = last.length - 16;
    System.arraycopy(last, 0, out, outOff, n);
    byte[] v =
        key.stretchHash(Arrays.copyOfRange(last, n, last.length), currentFirstBlock, inSegment);
    Arrays.fill(last, (byte) 0);
    acc = key.concat(acc, v, (inSegment + 15) / 16);
    return n;
  }

  /**
   * Ends the message: writes the last ciphertext bytes (up to 16) to {@code out} and returns how
   * many; {@link #tag} then gives the tag.
   */
  int finish(byte[] out, int outOff) throws GeneralSecurityException {
    return endSegment(out, outOff);
  }

  /** The full 16-byte tag over {@code aad} and all ciphertext, after {@link #finish}. */
  byte[] tag(byte[] aad) throws GeneralSecurityException {
    return tagOver(acc, aad);
  }

  /**
   * S(C)·H: GHASH's Horner sum over all output (zero-padded to whole blocks) without the length
   * block, times H, after {@link #finish}. It is linear in the output, which {@link GcmDecryptor}
   * uses to combine two passes.
   */
  byte[] hashedOutput() {
    return acc.clone();
  }

  /**
   * The tag for output of this pass's length whose {@link #hashedOutput} is {@code hashed}: E(J0) +
   * S(A)·H^(c+1) + hashed + ([len A]_64 || [len C]_64)·H.
   */
  byte[] tagOver(byte[] hashed, byte[] aad) throws GeneralSecurityException {
    long c = (total + 15) / 16;
    byte[] g = hashed.clone();
    if (aad.length > 0) {
      Ghash.xorInto(g, Ghash.multiply(Ghash.power(key.h, c + 1), Ghash.hashPadded(key.h, aad)));
    }
    Ghash.xorInto(g, Ghash.multiply(GcmKey.lengthBlock((long) aad.length * 8, total * 8), key.h));
    Ghash.xorInto(g, key.encryptBlock(key.counterBlock(1)));
    return g;
  }

  long total() {
    return total;
  }
}
