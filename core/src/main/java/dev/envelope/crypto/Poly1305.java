package dev.envelope.crypto;

import java.util.Arrays;

/**
 * The Poly1305 one-time authenticator (RFC 8439 2.5), written here because the JDK offers it only
 * inside its ChaCha20-Poly1305 cipher, whose decrypting mode holds the whole message until {@code
 * doFinal}.
 *
 * <p>The accumulator is kept modulo p = 2^130 - 5 in five 26-bit limbs, so that every product fits
 * in a {@code long}; no branch or index depends on the key or the data.
 *
 * <p>Besides the plain MAC ({@link #update} then {@link #finish}) it can put blocks <em>in front
 * of</em> those already absorbed ({@link #finishWithPrefix}): Poly1305 evaluates the polynomial
 * {@code h = m1 r^k + m2 r^(k-1) + ... + mk r}, so a prefix P of a blocks before a rest R of b
 * blocks gives {@code h(P || R) = h(P) r^b + h(R)}. AuthEnvelopedData sends its authAttrs, the
 * AEAD's additional data (which RFC 8439 2.8 MACs first), after the ciphertext; this lets the
 * ciphertext be authenticated as it streams and the additional data be added at the end.
 *
 * <p>A key must authenticate one message only.
 */
public final class Poly1305 {
  /** The tag length. */
  public static final int TAG_BYTES = 16;

  private static final long M26 = 0x3ffffff;

  // r, clamped, in limbs; and 5 r for the reduction 2^130 = 5 (mod p)
  private final long r0;
  private final long r1;
  private final long r2;
  private final long r3;
  private final long r4;
  private final long s1;
  private final long s2;
  private final long s3;
  private final long s4;
  private final long[] pad = new long[4]; // s, the second key half, as four 32-bit words
  private final long[] h = new long[5];
  private final byte[] buffer = new byte[16];
  private int buffered;
  private long blocks;

  /**
   * @param key the 32-byte one-time key: r (clamped here) then s
   */
  public Poly1305(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("Poly1305 key must be 32 bytes");
    }
    // RFC 8439 2.5: r &= 0x0ffffffc0ffffffc0ffffffc0fffffff
    long t0 = le32(key, 0) & 0x0fffffffL;
    long t1 = le32(key, 4) & 0x0ffffffcL;
    long t2 = le32(key, 8) & 0x0ffffffcL;
    long t3 = le32(key, 12) & 0x0ffffffcL;
    r0 = t0 & M26;
    r1 = ((t0 >>> 26) | (t1 << 6)) & M26;
    r2 = ((t1 >>> 20) | (t2 << 12)) & M26;
    r3 = ((t2 >>> 14) | (t3 << 18)) & M26;
    r4 = t3 >>> 8;
    s1 = r1 * 5;
    s2 = r2 * 5;
    s3 = r3 * 5;
    s4 = r4 * 5;
    for (int i = 0; i < 4; i++) {
      pad[i] = le32(key, 16 + 4 * i);
    }
  }

  /** Absorbs bytes; whole 16-byte blocks are processed as they fill. */
  public void update(byte[] in, int off, int len) {
    if (buffered > 0) {
      int n = Math.min(len, 16 - buffered);
      System.arraycopy(in, off, buffer, buffered, n);
      buffered += n;
      off += n;
      len -= n;
      if (buffered < 16) {
        return;
      }
      block(buffer, 0, 1L << 24);
      buffered = 0;
    }
    while (len >= 16) {
      block(in, off, 1L << 24);
      off += 16;
      len -= 16;
    }
    if (len > 0) {
      System.arraycopy(in, off, buffer, 0, len);
      buffered = len;
    }
  }

  /** Completes a partial block with zero bytes (RFC 8439 2.8 {@code pad16}); nothing if none. */
  public void pad16() {
    if (buffered > 0) {
      Arrays.fill(buffer, buffered, 16, (byte) 0);
      block(buffer, 0, 1L << 24);
      buffered = 0;
    }
  }

  /** The tag of everything absorbed (a last partial block padded as RFC 8439 2.5 says). */
  public byte[] finish() {
    if (buffered > 0) {
      buffer[buffered] = 1;
      Arrays.fill(buffer, buffered + 1, 16, (byte) 0);
      block(buffer, 0, 0);
      buffered = 0;
    }
    return tag(h);
  }

  /**
   * The tag of {@code pad16(prefix)} followed by everything absorbed, which must have been whole
   * blocks ({@link #pad16} first).
   */
  public byte[] finishWithPrefix(byte[] prefix) {
    if (buffered != 0) {
      throw new IllegalStateException("the absorbed part must be whole blocks");
    }
    if (prefix.length == 0) {
      return tag(h);
    }
    long[] rest = h.clone();
    long restBlocks = blocks;
    Arrays.fill(h, 0);
    update(prefix, 0, prefix.length);
    pad16();
    long[] total = multiply(h, power(restBlocks));
    for (int i = 0; i < 5; i++) {
      total[i] += rest[i];
    }
    carry(total);
    Arrays.fill(rest, 0);
    return tag(total);
  }

  /** Forgets the key and state. */
  public void destroy() {
    Arrays.fill(pad, 0);
    Arrays.fill(h, 0);
    Arrays.fill(buffer, (byte) 0);
  }

  private void block(byte[] in, int off, long hibit) {
    long t0 = le32(in, off);
    long t1 = le32(in, off + 4);
    long t2 = le32(in, off + 8);
    long t3 = le32(in, off + 12);
    long a0 = h[0] + (t0 & M26);
    long a1 = h[1] + (((t0 >>> 26) | (t1 << 6)) & M26);
    long a2 = h[2] + (((t1 >>> 20) | (t2 << 12)) & M26);
    long a3 = h[3] + (((t2 >>> 14) | (t3 << 18)) & M26);
    long a4 = h[4] + ((t3 >>> 8) | hibit);
    // (a * r) mod p: limb products of weight 2^130 and above fold back times 5
    long d0 = a0 * r0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1;
    long d1 = a0 * r1 + a1 * r0 + a2 * s4 + a3 * s3 + a4 * s2;
    long d2 = a0 * r2 + a1 * r1 + a2 * r0 + a3 * s4 + a4 * s3;
    long d3 = a0 * r3 + a1 * r2 + a2 * r1 + a3 * r0 + a4 * s4;
    long d4 = a0 * r4 + a1 * r3 + a2 * r2 + a3 * r1 + a4 * r0;
    long c = d0 >>> 26;
    d0 &= M26;
    d1 += c;
    c = d1 >>> 26;
    d1 &= M26;
    d2 += c;
    c = d2 >>> 26;
    d2 &= M26;
    d3 += c;
    c = d3 >>> 26;
    d3 &= M26;
    d4 += c;
    c = d4 >>> 26;
    d4 &= M26;
    d0 += c * 5;
    c = d0 >>> 26;
    d0 &= M26;
    d1 += c;
    h[0] = d0;
    h[1] = d1;
    h[2] = d2;
    h[3] = d3;
    h[4] = d4;
    blocks++;
  }

  /** a * b mod p, partly reduced (limbs just over 26 bits at most). */
  private static long[] multiply(long[] a, long[] b) {
    long b1x5 = b[1] * 5;
    long b2x5 = b[2] * 5;
    long b3x5 = b[3] * 5;
    long b4x5 = b[4] * 5;
    long d0 = a[0] * b[0] + a[1] * b4x5 + a[2] * b3x5 + a[3] * b2x5 + a[4] * b1x5;
    long d1 = a[0] * b[1] + a[1] * b[0] + a[2] * b4x5 + a[3] * b3x5 + a[4] * b2x5;
    long d2 = a[0] * b[2] + a[1] * b[1] + a[2] * b[0] + a[3] * b4x5 + a[4] * b3x5;
    long d3 = a[0] * b[3] + a[1] * b[2] + a[2] * b[1] + a[3] * b[0] + a[4] * b4x5;
    long d4 = a[0] * b[4] + a[1] * b[3] + a[2] * b[2] + a[3] * b[1] + a[4] * b[0];
    long[] out = {d0, d1, d2, d3, d4};
    carry(out);
    return out;
  }

  /** One carry pass, folding the top carry back times 5. */
  private static void carry(long[] x) {
    long c = x[0] >>> 26;
    x[0] &= M26;
    x[1] += c;
    c = x[1] >>> 26;
    x[1] &= M26;
    x[2] += c;
    c = x[2] >>> 26;
    x[2] &= M26;
    x[3] += c;
    c = x[3] >>> 26;
    x[3] &= M26;
    x[4] += c;
    c = x[4] >>> 26;
    x[4] &= M26;
    x[0] += c * 5;
    c = x[0] >>> 26;
    x[0] &= M26;
    x[1] += c;
  }

  /** r^e mod p by square-and-multiply over the public exponent e (a block count). */
  private long[] power(long e) {
    long[] result = {1, 0, 0, 0, 0};
    long[] base = {r0, r1, r2, r3, r4};
    while (e > 0) {
      if ((e & 1) != 0) {
        result = multiply(result, base);
      }
      base = multiply(base, base);
      e >>>= 1;
    }
    return result;
  }

  /** (acc mod p + s) mod 2^128, little-endian. */
  private byte[] tag(long[] value) {
    long[] x = value.clone();
    carry(x);
    carry(x);
    // x is now below 2^130 + small: subtract p when x >= p, chosen with a mask
    long g0 = x[0] + 5;
    long c = g0 >>> 26;
    g0 &= M26;
    long g1 = x[1] + c;
    c = g1 >>> 26;
    g1 &= M26;
    long g2 = x[2] + c;
    c = g2 >>> 26;
    g2 &= M26;
    long g3 = x[3] + c;
    c = g3 >>> 26;
    g3 &= M26;
    long g4 = x[4] + c - (1L << 26);
    long useG = (g4 >>> 63) - 1; // all ones when g4 >= 0, that is x >= p
    long h0 = (x[0] & ~useG) | (g0 & useG);
    long h1 = (x[1] & ~useG) | (g1 & useG);
    long h2 = (x[2] & ~useG) | (g2 & useG);
    long h3 = (x[3] & ~useG) | (g3 & useG);
    long h4 = (x[4] & ~useG) | (g4 & useG);
    // pack into four 32-bit words by addition, so a limb just over 26 bits still counts right
    long acc = h0 + (h1 << 26);
    long w0 = acc & 0xffffffffL;
    acc = (acc >>> 32) + (h2 << 20);
    long w1 = acc & 0xffffffffL;
    acc = (acc >>> 32) + (h3 << 14);
    long w2 = acc & 0xffffffffL;
    acc = (acc >>> 32) + (h4 << 8);
    long w3 = acc & 0xffffffffL;
    byte[] out = new byte[TAG_BYTES];
    long f = w0 + pad[0];
    putLe32(out, 0, f);
    f = w1 + pad[1] + (f >>> 32);
    putLe32(out, 4, f);
    f = w2 + pad[2] + (f >>> 32);
    putLe32(out, 8, f);
    f = w3 + pad[3] + (f >>> 32);
    putLe32(out, 12, f);
    Arrays.fill(x, 0);
    return out;
  }

  private static long le32(byte[] b, int off) {
    return (b[off] & 0xFFL)
        | (b[off + 1] & 0xFFL) << 8
        | (b[off + 2] & 0xFFL) << 16
        | (b[off + 3] & 0xFFL) << 24;
  }

  private static void putLe32(byte[] b, int off, long v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }
}
