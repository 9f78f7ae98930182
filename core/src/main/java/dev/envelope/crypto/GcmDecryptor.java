package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Cipher;

/**
 * AES-GCM decryption in constant memory. The JDK's GCM decrypting {@link Cipher} holds the whole
 * ciphertext until {@code doFinal} (it must not release unverified plaintext), which makes large
 * messages cost their size in memory. This decryptor needs no such buffer, makes one pass over the
 * data with the JDK's fused GCM code, and can share the rest of the work with another thread.
 *
 * <p>How: GCM encryption with the message's key and nonce, given the ciphertext C as its input,
 * outputs C xor KS = P, the plaintext (KS is the keystream from counter block {@code nonce ||
 * 00000002}, NIST SP 800-38D 7.1), and hashes its output: S(P)·H ({@link LongGcm#hashedOutput}).
 * GHASH is linear, so S(C) = S(P) xor S(KS) for data of one length (a last partial block is
 * zero-padded alike), and S(KS)·H is what a GCM encryption of zeros hashes, since its output is KS
 * itself. The keystream's hash depends on nothing but the key, nonce and length, so it is computed
 * in ranges of {@link #RANGE} bytes, each by its own JDK cipher started at the range's counter
 * block ({@link GcmKey#stretchCipher}), and folded in order. Any thread may compute a range that
 * the data has passed ({@link #help}), which lets a second thread take that pass while this one
 * decrypts, with no data moving between them; {@link #finish} computes whatever is left. The tag is
 * then assembled from the two hashes and compared in constant time.
 *
 * <p>Output lags input by less than a block: {@link #update} writes whole blocks and keeps the
 * rest, which {@link #finish} returns once the tag verified. Plaintext from {@link #update} is
 * unverified until {@link #finish} returned.
 *
 * <p>Additional authenticated data may be given at {@link #finish}, after the ciphertext, as
 * AuthEnvelopedData sends its authAttrs (see {@link LongGcm}).
 *
 * <p>{@link #update} and {@link #finish} belong to one thread; {@link #help} may be called from
 * any.
 */
public final class GcmDecryptor {
  /** GCM's bound on one message: 2^39 - 256 bits of plaintext (SP 800-38D 5.2.1.1). */
  public static final long MAX_BYTES = (1L << 36) - 32;

  /** Keystream bytes hashed as one piece of work. */
  static final int RANGE = 1 << 20;

  private final int range;

  /**
   * Zeros, read by every keystream range and never written; also the piece size of a range, whose
   * output (the keystream, zeroed after each range) goes to a buffer of this size.
   */
  private static final byte[] ZEROS = new byte[16 << 10];

  private final GcmKey key;
  private final LongGcm data;
  private final int tagBytes;

  // input short of a whole block, decrypted with the next input or at the end
  private final byte[] carry = new byte[16];
  private int carried;

  // keystream ranges: the next to claim, how many the data has passed, and the results folded in
  // order (S(KS)·H over ranges [0, folded)); results that came early wait in done
  private final AtomicLong nextRange = new AtomicLong();
  private volatile long ready;
  private final Object fold = new Object();
  private long folded;
  private byte[] keystreamHash = new byte[16];
  private byte[] hToTheRange;
  private final Map<Long, byte[]> done = new HashMap<>();
  private volatile boolean failed;
  private final AtomicReference<byte[]> spareOut = new AtomicReference<>();

  /**
   * @param nonce the 12-byte nonce (RFC 5084's recommended and only accepted length here)
   * @param tagBytes the tag length to check, 12 to 16
   */
  public GcmDecryptor(byte[] key, byte[] nonce, int tagBytes) throws GeneralSecurityException {
    this(key, nonce, tagBytes, LongGcm.SEGMENT, RANGE);
  }

  /** With small segments and keystream ranges, for tests of the folding. */
  GcmDecryptor(byte[] key, byte[] nonce, int tagBytes, long segmentBytes, int rangeBytes)
      throws GeneralSecurityException {
    if (nonce.length != 12) {
      throw new IllegalArgumentException("GCM nonce must be 12 bytes here");
    }
    if (rangeBytes % 16 != 0 || rangeBytes <= 0) {
      throw new IllegalArgumentException("whole-block ranges");
    }
    range = rangeBytes;
    this.key = new GcmKey(key, nonce);
    data = new LongGcm(this.key, segmentBytes);
    this.tagBytes = tagBytes;
  }

  /**
   * Decrypts {@code len} bytes into {@code out} at {@code outOff} (room: {@code len + 16}) and
   * returns the bytes written: whole blocks, up to 15 bytes fewer or more than {@code len}. To
   * decrypt in place, {@code out} may be {@code in} with {@code outOff} where the plaintext written
   * so far ends (the ciphertext given so far ends at {@code off}), a few bytes behind.
   *
   * @throws DecryptionFailedException past GCM's length bound
   */
  public int update(byte[] in, int off, int len, byte[] out, int outOff)
      throws DecryptionFailedException {
    if (data.total() + carried + len > MAX_BYTES) {
      throw new DecryptionFailedException();
    }
    try {
      int written = 0;
      if (carried > 0) {
        int n = Math.min(len, 16 - carried);
        System.arraycopy(in, off, carry, carried, n);
        carried += n;
        off += n;
        len -= n;
        if (carried < 16) {
          return 0;
        }
        byte[] block = new byte[16];
        data.update(carry, 0, 16, block, 0);
        System.arraycopy(block, 0, out, outOff, 16);
        Arrays.fill(block, (byte) 0);
        written = 16;
        carried = 0;
      }
      int whole = len & ~15;
      if (whole > 0) {
        written += data.update(in, off, whole, out, outOff + written);
      }
      carried = len - whole;
      System.arraycopy(in, off + whole, carry, 0, carried);
      long passed = data.total() / range;
      if (passed != ready) {
        ready = passed;
      }
      return written;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES failed mid-stream", e);
    }
  }

  /**
   * Hashes one range of the keystream that the data has passed, if one is waiting: work any thread
   * may do while the owner decrypts. Never throws; a failure fails {@link #finish}.
   *
   * @return whether there was one
   */
  public boolean help() {
    long i = nextRange.get();
    if (i >= ready || !nextRange.compareAndSet(i, i + 1)) {
      return i < ready;
    }
    deposit(i, hashRange(i, range));
    return true;
  }

  /**
   * Checks the tag once all ciphertext went through {@link #update}, and returns the last plaintext
   * bytes (fewer than 16).
   *
   * @param aad the additional authenticated data (may be empty)
   * @throws DecryptionFailedException when the tag does not match
   */
  public byte[] finish(byte[] tag, byte[] aad) throws DecryptionFailedException {
    byte[] last = new byte[32];
    try {
      data.update(carry, 0, carried, last, 0); // under a block: held by the cipher, no output
      int n = data.finish(last, 0);
      long length = data.total();
      ready = length / range;
      while (help()) {
        // the full ranges nobody took yet
      }
      long full = length / range;
      byte[] s = awaitKeystreamHash(full);
      int rest = (int) (length % range);
      if (rest > 0) {
        s = key.concat(s, hashRange(full, rest), (rest + 15) / 16);
      }
      if (failed) {
        throw new DecryptionFailedException();
      }
      Ghash.xorInto(s, data.hashedOutput());
      byte[] computed = Arrays.copyOf(data.tagOver(s, aad), tagBytes);
      if (tag == null || !MessageDigest.isEqual(computed, tag)) {
        throw new DecryptionFailedException();
      }
      return Arrays.copyOf(last, n);
    } catch (GeneralSecurityException e) {
      throw new DecryptionFailedException();
    } finally {
      Arrays.fill(last, (byte) 0);
    }
  }

  /**
   * S(KS)·H over ranges [0, i) once all of them are folded (another thread may still be hashing
   * one).
   */
  private byte[] awaitKeystreamHash(long ranges) {
    boolean interrupted = false;
    synchronized (fold) {
      while (folded < ranges) {
        try {
          fold.wait();
        } catch (InterruptedException e) {
          interrupted = true; // a range takes well under a millisecond: finish it
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return keystreamHash.clone();
    }
  }

  /** Folds range {@code i}'s hash in, after those before it. */
  private void deposit(long i, byte[] v) {
    synchronized (fold) {
      done.put(i, v);
      for (byte[] w; (w = done.remove(folded)) != null; folded++) {
        if (folded > 0) {
          if (hToTheRange == null) {
            hToTheRange = Ghash.power(key.h, range / 16);
          }
          keystreamHash = Ghash.multiply(keystreamHash, hToTheRange);
        }
        Ghash.xorInto(keystreamHash, w);
      }
      fold.notifyAll();
    }
  }

  /** S(KS_i)·H for range {@code i}, {@code bytes} long, by a GCM encryption of zeros. */
  private byte[] hashRange(long i, int bytes) {
    long firstBlock = i * (range / 16);
    byte[] out = spareOut.getAndSet(null); // one buffer goes round; a second thread may need one
    if (out == null) {
      out = new byte[ZEROS.length + 16];
    }
    try {
      Cipher c = key.stretchCipher(firstBlock);
      for (int left = bytes; left > 0; ) {
        int k = Math.min(left, ZEROS.length);
        Pieces.update(c, ZEROS, 0, k, out, 0);
        left -= k;
      }
      byte[] end = c.doFinal();
      byte[] v =
          key.stretchHash(Arrays.copyOfRange(end, end.length - 16, end.length), firstBlock, bytes);
      Arrays.fill(end, (byte) 0);
      return v;
    } catch (GeneralSecurityException | RuntimeException e) {
      failed = true;
      return new byte[16];
    } finally {
      Arrays.fill(out, (byte) 0);
      spareOut.set(out);
    }
  }
}
