package dev.envelope.crypto;

import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;

/**
 * Feeds a JDK cipher in small pieces. HotSpot replaces the JDK's AES-GCM, AES-CTR and AES-CBC loops
 * by intrinsics only once the calling methods are hot, counted in calls: in a fresh JVM (the
 * command-line tool) 64 KiB updates leave GCM in slow code for seconds, while 2 KiB updates reach
 * the fast path after a few megabytes. Measured on JDK 25, 1 GiB sealed with AES-256-GCM in a new
 * JVM: 2.5 s in 64 KiB updates, 0.78 s in 2 KiB updates.
 *
 * <p>Once the process has pushed {@link #WARM_AFTER} bytes through, the pieces grow to {@link
 * #WARM_PIECE}: on a machine with AVX-512 AES the intrinsics run at 8 GB/s, where the cost of each
 * JDK call (about 0.2 µs) made 2 KiB pieces halve the warm rate (JMH, 64 MiB AES-256-GCM: sealing
 * at 50% of the raw cipher, opening at 32%).
 */
final class Pieces {
  /** Bytes per JDK call while the JIT has not yet compiled the cipher's loops. */
  static final int PIECE = 2048;

  /** Bytes per JDK call afterwards. */
  static final int WARM_PIECE = 64 << 10;

  /** Bytes through this class (all ciphers) after which the pieces grow. */
  static final long WARM_AFTER = 32L << 20;

  private static final AtomicLong SEEN = new AtomicLong();
  private static volatile boolean warm;

  private Pieces() {}

  /** The piece size now; counts {@code len} toward warming up. */
  private static int pieceFor(int len) {
    if (warm) {
      return WARM_PIECE;
    }
    if (SEEN.addAndGet(len) > WARM_AFTER) {
      warm = true;
    }
    return PIECE;
  }

  /** {@code c.update} over {@code len} bytes in pieces; returns the bytes written. */
  static int update(Cipher c, byte[] in, int off, int len, byte[] out, int outOff)
      throws ShortBufferException {
    int written = 0;
    int piece = pieceFor(len);
    while (len > 0) {
      int n = Math.min(len, piece);
      written += c.update(in, off, n, out, outOff + written);
      off += n;
      len -= n;
    }
    return written;
  }
}
