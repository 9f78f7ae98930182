package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * <p>The two passes run on two cores once a message is past {@link #PIPELINE_AFTER} bytes: the
 * caller's thread runs AES-CTR and copies the plaintext into {@link #BATCH}-byte batches that a
 * shared pool of daemon threads feeds to the tagger in order, at most {@link #IN_FLIGHT} batches
 * ahead (so memory stays bounded). An abandoned decryptor holds no thread: only queued tasks, which
 * finish on their own.
 *
 * <p>Plaintext comes out before the tag is checked: callers must not release it as verified until
 * {@link #verify} returned.
 */
public final class GcmDecryptor {
  /** GCM's bound on one message: 2^39 - 256 bits of plaintext (SP 800-38D 5.2.1.1). */
  public static final long MAX_BYTES = (1L << 36) - 32;

  /** Bytes after which tagging moves to another thread (small messages stay on one). */
  static final long PIPELINE_AFTER = 1 << 20;

  /** Plaintext handed to the tagging thread at a time. */
  static final int BATCH = 1 << 20;

  /** Batches queued for tagging before the decrypting thread waits. */
  static final int IN_FLIGHT = 3;

  private static final ExecutorService TAGGERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "envelope-gcm-tag");
            t.setDaemon(true);
            return t;
          });

  private final Cipher ctr;
  private final LongGcm tagger;
  private final int tagBytes;
  private final boolean pipeline;
  private byte[] scratch = new byte[0];
  private long total;

  // pipelined tagging: the batch being filled, and the batches queued (oldest first)
  private byte[] batch;
  private int batchFill;
  private final ArrayDeque<Queued> queued = new ArrayDeque<>();
  private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
  private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
  private volatile boolean taggerFailed;

  private record Queued(CompletableFuture<Void> done, byte[] buffer) {}

  /**
   * @param nonce the 12-byte nonce (RFC 5084's recommended and only accepted length here)
   * @param tagBytes the tag length to check, 12 to 16
   */
  public GcmDecryptor(byte[] key, byte[] nonce, int tagBytes) throws GeneralSecurityException {
    this(key, nonce, tagBytes, LongGcm.SEGMENT, Runtime.getRuntime().availableProcessors() > 1);
  }

  /**
   * With small tagger segments, for tests of the segment folding, and the tagging thread on or off.
   */
  GcmDecryptor(byte[] key, byte[] nonce, int tagBytes, long segmentBytes, boolean pipeline)
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
    this.pipeline = pipeline;
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
      if (pipeline && total > PIPELINE_AFTER) {
        queue(out, outOff, len);
      } else {
        tag(out, outOff, len);
      }
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
      if (batchFill > 0) {
        submit();
      }
      try {
        last.join();
      } catch (RuntimeException e) {
        throw new DecryptionFailedException();
      }
      if (taggerFailed) {
        throw new DecryptionFailedException();
      }
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

  /** Runs the tagger over plaintext on this thread. */
  private void tag(byte[] plain, int off, int len) throws GeneralSecurityException {
    if (scratch.length < len + 16) {
      scratch = new byte[Math.max(len + 16, 8192)];
    }
    tagger.update(plain, off, len, scratch, 0);
  }

  /** Copies plaintext into batches for the tagging thread. */
  private void queue(byte[] plain, int off, int len) {
    while (len > 0) {
      if (batch == null) {
        batch = spare.isEmpty() ? new byte[BATCH] : spare.pop();
        batchFill = 0;
      }
      int n = Math.min(len, BATCH - batchFill);
      System.arraycopy(plain, off, batch, batchFill, n);
      batchFill += n;
      off += n;
      len -= n;
      if (batchFill == BATCH) {
        submit();
      }
    }
  }

  /** Hands the current batch to the tagging thread, after the oldest queued one when too many. */
  private void submit() {
    while (queued.size() >= IN_FLIGHT) {
      Queued oldest = queued.pop();
      oldest.done().join();
      spare.push(oldest.buffer());
    }
    byte[] b = batch;
    int n = batchFill;
    batch = null;
    batchFill = 0;
    last =
        last.thenRunAsync(
            () -> {
              try {
                tag(b, 0, n);
              } catch (GeneralSecurityException | RuntimeException e) {
                taggerFailed = true;
              }
            },
            TAGGERS);
    queued.add(new Queued(last, b));
  }
}
