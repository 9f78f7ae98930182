package dev.envelope.crypto;

/**
 * Branch-free helpers for padding checks: masks are -1 (true) or 0 (false). The JVM gives no hard
 * guarantee, but these keep secret data out of branch conditions and array indices.
 */
final class CtOps {
  private CtOps() {}

  /** -1 when {@code x == 0}, else 0 (x in 0..2^31-1). */
  static int isZero(int x) {
    return ((x | -x) >>> 31) - 1;
  }

  static int equal(int a, int b) {
    return isZero(a ^ b);
  }

  /** -1 when {@code a <= b}, for values in 0..2^30. */
  static int lessOrEqual(int a, int b) {
    return ~((b - a) >> 31);
  }

  static int select(int mask, int a, int b) {
    return (a & mask) | (b & ~mask);
  }

  /**
   * {@code substitute.length} bytes: from {@code src} at {@code offset} when {@code mask} is -1,
   * else the substitute. Reads the source at a clamped offset so it never indexes outside.
   */
  static byte[] choose(int mask, byte[] src, int offset, byte[] substitute) {
    int n = substitute.length;
    byte[] out = new byte[n];
    int off = Math.max(0, Math.min(offset, src.length - n));
    for (int i = 0; i < n; i++) {
      out[i] = (byte) select(mask, src[off + i], substitute[i]);
    }
    return out;
  }

  /**
   * The last {@code length} bytes of {@code src} when {@code mask} is -1, else the whole
   * substitute; with {@code length == substitute.length} this is {@link #choose}. Only the result's
   * length follows {@code length}, which callers pass as the substitute's length unless every check
   * held.
   */
  static byte[] chooseLength(int mask, byte[] src, int length, byte[] substitute) {
    int n = select(mask, length, substitute.length);
    n = Math.max(0, Math.min(n, Math.min(substitute.length, src.length)));
    byte[] out = new byte[n];
    int off = src.length - n;
    for (int i = 0; i < n; i++) {
      out[i] = (byte) select(mask, src[off + i], substitute[i]);
    }
    return out;
  }
}
