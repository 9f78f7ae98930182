package dev.envelope.crypto;

/**
 * Arithmetic in GCM's field GF(2^128) (NIST SP 800-38D 6.3), used only to account for additional
 * authenticated data that arrives after the ciphertext: AuthEnvelopedData puts its authAttrs after
 * the content (RFC 5083), while a GCM engine needs them first. Bitwise and slow, but it runs a few
 * dozen times per message, never per byte.
 */
final class Ghash {
  private Ghash() {}

  /** X * Y in GCM's bit order (Algorithm 1 of SP 800-38D), on 16-byte blocks. */
  static byte[] multiply(byte[] x, byte[] y) {
    long zHi = 0;
    long zLo = 0;
    long vHi = toLong(y, 0);
    long vLo = toLong(y, 8);
    for (int i = 0; i < 128; i++) {
      int bit = (x[i >>> 3] >>> (7 - (i & 7))) & 1;
      long mask = -bit;
      zHi ^= vHi & mask;
      zLo ^= vLo & mask;
      long carry = vLo & 1;
      vLo = (vLo >>> 1) | (vHi << 63);
      vHi >>>= 1;
      vHi ^= 0xE100000000000000L & -carry;
    }
    byte[] z = new byte[16];
    fromLong(zHi, z, 0);
    fromLong(zLo, z, 8);
    return z;
  }

  /** H^e by square and multiply, e >= 1. */
  static byte[] power(byte[] h, long e) {
    byte[] result = null;
    byte[] base = h.clone();
    while (e > 0) {
      if ((e & 1) != 0) {
        result = result == null ? base.clone() : multiply(result, base);
      }
      e >>>= 1;
      if (e > 0) {
        base = multiply(base, base);
      }
    }
    return result;
  }

  /** X^-1 = X^(2^128 - 2) = X^2 · X^4 · ... · X^(2^127), for X != 0. */
  static byte[] inverse(byte[] x) {
    byte[] square = x.clone();
    byte[] result = null;
    for (int i = 1; i < 128; i++) {
      square = multiply(square, square);
      result = result == null ? square : multiply(result, square);
    }
    return result;
  }

  /** GHASH without the length block: Horner over {@code data} zero-padded to whole blocks. */
  static byte[] hashPadded(byte[] h, byte[] data) {
    byte[] x = new byte[16];
    for (int off = 0; off < data.length; off += 16) {
      int n = Math.min(16, data.length - off);
      for (int i = 0; i < n; i++) {
        x[i] ^= data[off + i];
      }
      x = multiply(x, h);
    }
    return x;
  }

  static void xorInto(byte[] target, byte[] v) {
    for (int i = 0; i < 16; i++) {
      target[i] ^= v[i];
    }
  }

  private static long toLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }

  private static void fromLong(long v, byte[] b, int off) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }
}
