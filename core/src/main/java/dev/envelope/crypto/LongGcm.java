package dev.envelope.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM encryption of any length GCM allows (up to 2^36 - 32 bytes), in constant memory, at the
 * speed of the JDK's own GCM. SunJCE refuses more than 2^31 - 1 bytes in one operation, so the data
 * is cut into segments of {@link #SEGMENT} bytes, each encrypted by its own JDK cipher that
 * continues the message's counter, and the segments' tags are folded into the message's tag.
 *
 * <p>How (NIST SP 800-38D): the message with 12-byte nonce N uses counter blocks J0 + i, J0 = N ||
 * 1. Segment k starts at block b_k; its cipher gets a 16-byte IV chosen so that the cipher's own
 * J0' = N || (1 + b_k): for such an IV, J0' = GHASH(IV || 0^64 || [128]_64) = IV·H^2 + L·H, so IV =
 * (J0' + L·H)·H^-2. Each segment's tag is T_k = S(C_k)·H + L_k·H + E(J0'_k), where S is GHASH's
 * Horner sum without the length block; so S(C_k)·H is recovered, the segments combine as S(C)·H = Σ
 * S(C_k)·H · H^(blocks after k), and the message's tag is E(J0) + S(A)·H^(c+1) + S(C)·H + ([len
 * A]_64 || [len C]_64)·H. The additional data A may come at the end (RFC 5083 sends authAttrs after
 * the content).
 */
final class LongGcm {
  /** Bytes per JDK cipher: a multiple of 16, below SunJCE's 2^31 - 1 limit. */
  static final long SEGMENT = 1L << 30;

  private final SecretKeySpec key;
  private final byte[] nonce;
  private final long segmentBytes;
  private final Cipher block;
  private final byte[] h;
  private Cipher current;
  private byte[] currentJ0;
  private long inSegment;
  private long total;
  private byte[] acc = new byte[16];
  private byte[] hInverseSquared;

  LongGcm(byte[] key, byte[] nonce) throws GeneralSecurityException {
    this(key, nonce, SEGMENT);
  }

  /** With a small segment size, for tests of the folding. */
  LongGcm(byte[] key, byte[] nonce, long segmentBytes) throws GeneralSecurityException {
    if (nonce.length != 12 || segmentBytes % 16 != 0 || segmentBytes <= 0) {
      throw new IllegalArgumentException("12-byte nonce and whole-block segments");
    }
    this.key = new SecretKeySpec(key, "AES");
    this.nonce = nonce.clone();
    this.segmentBytes = segmentBytes;
    block = Cipher.getInstance("AES/ECB/NoPadding");
    block.init(Cipher.ENCRYPT_MODE, this.key);
    h = block.doFinal(new byte[16]);
    startSegment();
  }

  private byte[] counterBlock(long value) {
    byte[] j = Arrays.copyOf(nonce, 16);
    j[12] = (byte) (value >>> 24);
    j[13] = (byte) (value >>> 16);
    j[14] = (byte) (value >>> 8);
    j[15] = (byte) value;
    return j;
  }

  private void startSegment() throws GeneralSecurityException {
    long firstBlock = total / 16;
    currentJ0 = counterBlock(1 + firstBlock);
    byte[] iv;
    if (firstBlock == 0) {
      iv = nonce;
    } else {
      if (hInverseSquared == null) {
        byte[] inv = Ghash.inverse(h);
        hInverseSquared = Ghash.multiply(inv, inv);
      }
      byte[] t = currentJ0.clone();
      Ghash.xorInto(t, Ghash.multiply(lengthBlock(0, 128), h));
      iv = Ghash.multiply(t, hInverseSquared);
    }
    current = Cipher.getInstance("AES/GCM/NoPadding");
    current.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
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

  /** Closes the current segment: its last ciphertext bytes go to out, its tag into acc. */
  private int endSegment(byte[] out, int outOff) throws GeneralSecurityException {
    byte[] last = current.doFinal();
    int n = last.length - 16;
    System.arraycopy(last, 0, out, outOff, n);
    byte[] v = Arrays.copyOfRange(last, n, last.length);
    Ghash.xorInto(v, block.doFinal(currentJ0));
    Ghash.xorInto(v, Ghash.multiply(lengthBlock(0, inSegment * 8), h));
    long blocks = (inSegment + 15) / 16;
    acc = blocks == 0 ? acc : Ghash.multiply(acc, Ghash.power(h, blocks));
    Ghash.xorInto(acc, v);
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
    long c = (total + 15) / 16;
    byte[] g = acc.clone();
    if (aad.length > 0) {
      Ghash.xorInto(g, Ghash.multiply(Ghash.power(h, c + 1), Ghash.hashPadded(h, aad)));
    }
    Ghash.xorInto(g, Ghash.multiply(lengthBlock((long) aad.length * 8, total * 8), h));
    Ghash.xorInto(g, block.doFinal(counterBlock(1)));
    return g;
  }

  long total() {
    return total;
  }

  private static byte[] lengthBlock(long aBits, long cBits) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[7 - i] = (byte) (aBits >>> (8 * i));
      b[15 - i] = (byte) (cBits >>> (8 * i));
    }
    return b;
  }
}
