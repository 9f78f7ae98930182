package dev.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The encrypted content of a large message read ahead on another thread, so that the reading thread
 * only decrypts: copying the content out of its source (a file's page cache, a byte array) is a
 * pass over memory that costs about as much as the decryption itself. Both threads also take the
 * decryptor's own spare work ({@link dev.envelope.crypto.ContentStreams.Decryptor#help}: for
 * AES-GCM, hashing the keystream) whenever they would otherwise wait, so the two cores share the
 * whole job.
 *
 * <p>Memory is constant: {@link #BUFFERS} buffers of {@link #BUFFER} bytes go round between the
 * reader and the consumer. No thread is held while there is nothing to do: the helper ends when no
 * buffer is free and no spare work waits, and is started again when the consumer frees a buffer.
 * Exceptions from the source reach the consumer in order, after the content read before them.
 *
 * <p>One consumer thread calls {@link #next} and {@link #release}; the source is read only by the
 * helper (never by two threads at once), and after {@link #next} returned {@code null} not at all.
 */
final class ReadAhead implements AutoCloseable {
  /**
   * Buffer size and count. Measured on the project's VM (JMH {@code openStream}, 64 MiB
   * AES-256-GCM, BENCHMARKS.md): 1 MiB buffers opened at 63 to 67% of raw GCM encryption, 256 or
   * 512 KiB ones at 52 to 61%, no better than reading on one thread.
   */
  static final int BUFFER = 1 << 20;

  static final int BUFFERS = 4;

  /** Content read on the consumer's thread before reading ahead pays (small ones never are). */
  static final long AFTER = 1 << 20;

  /** Whether there is a second core to read ahead on. */
  static final boolean USEFUL = Runtime.getRuntime().availableProcessors() > 1;

  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "envelope-read-ahead");
            t.setDaemon(true);
            return t;
          });

  /** A buffer holding {@code length} bytes of content, from the start. */
  record Chunk(byte[] buffer, int length) {}

  private final InputStream source;
  private final BooleanSupplier spareWork;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  // guarded by lock
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();
  private final ArrayDeque<Chunk> filled = new ArrayDeque<>();
  private boolean ended;
  private Throwable failure;
  private boolean running;
  private boolean closed;

  ReadAhead(InputStream source, BooleanSupplier spareWork) {
    this.source = source;
    this.spareWork = spareWork;
    for (int i = 0; i < BUFFERS; i++) {
      free.add(new byte[BUFFER]);
    }
  }

  /**
   * The next chunk of content, or {@code null} at its end; hand it back with {@link #release}.
   *
   * @throws IOException what reading the source threw, once the content before it was taken
   */
  Chunk next() throws IOException {
    lock.lock();
    try {
      boolean looked = false;
      while (true) {
        if (closed) {
          throw new IOException("reading ahead was stopped");
        }
        Chunk c = filled.poll();
        if (c != null) {
          return c;
        }
        if (ended) {
          return end();
        }
        startIfIdle();
        if (!looked) {
          // spare work runs without the lock: look again before waiting, or a signal is lost
          looked = !spare();
          continue;
        }
        looked = false;
        try {
          arrived.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while reading the content");
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Gives a chunk's buffer back for more content. */
  void release(Chunk c) {
    lock.lock();
    try {
      if (!closed) {
        free.add(c.buffer());
        startIfIdle();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops reading ahead: a read in progress finishes on its own and its result is dropped; a
   * consumer waiting in {@link #next} gets an {@link IOException}.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      free.clear();
      filled.clear();
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private Chunk end() throws IOException {
    switch (failure) {
      case null -> {
        return null;
      }
      case IOException e -> throw e;
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      default -> throw new UncheckedIOException(new IOException(failure));
    }
  }

  /** Runs spare work with the lock released; whether there was some. Lock held on entry. */
  private boolean spare() {
    lock.unlock();
    try {
      return spareWork.getAsBoolean();
    } finally {
      lock.lock();
    }
  }

  private void startIfIdle() {
    if (!running && !closed && !ended && !free.isEmpty()) {
      running = true;
      try {
        READERS.execute(this::run);
      } catch (RuntimeException | Error e) { // no thread to be had: the consumer hears of it
        running = false;
        ended = true;
        failure = e;
      }
    }
  }

  /** The helper: fills free buffers in order, else does spare work, else ends. */
  private void run() {
    lock.lock();
    try {
      while (!closed) {
        if (!ended && !free.isEmpty()) {
          byte[] b = free.poll();
          int n = 0;
          Throwable t = null;
          lock.unlock();
          try {
            n = fill(b);
          } catch (IOException | RuntimeException | Error e) {
            t = e;
          } finally {
            lock.lock();
          }
          if (closed) {
            break;
          }
          if (n > 0) {
            filled.add(new Chunk(b, n));
          } else {
            free.add(b);
          }
          if (t != null || n < b.length) {
            ended = true;
            failure = t;
          }
          arrived.signal();
        } else if (!spare() && (ended || free.isEmpty())) {
          return; // nothing came in while the spare work ran either
        }
      }
    } finally {
      running = false;
      arrived.signal(); // a consumer waiting on a helper that ended must look again
      lock.unlock();
    }
  }

  /** Reads until {@code b} is full or the source ends; the bytes read. */
  private int fill(byte[] b) throws IOException {
    int n = 0;
    while (n < b.length) {
      int k = source.read(b, n, b.length - n);
      if (k < 0) {
        break;
      }
      n += k;
    }
    return n;
  }
}
