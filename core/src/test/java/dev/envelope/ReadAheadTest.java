package dev.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ReadAhead}: the content comes out whole and in order whatever the source's read sizes, a
 * failure of the source comes after the content read before it, spare work is taken by whichever
 * thread would wait, closing never waits for a blocked source, an interrupted consumer gets an
 * {@link InterruptedIOException}, and no thread is left running once the content ended.
 */
class ReadAheadTest {

  /** A source over {@code content} whose reads return random short counts, failing at its end. */
  private static class Source extends InputStream {
    private final byte[] content;
    private final Random sizes;
    private final IOException failAtEnd;
    private int pos;

    Source(byte[] content, long seed, IOException failAtEnd) {
      this.content = content;
      this.sizes = new Random(seed);
      this.failAtEnd = failAtEnd;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (pos == content.length) {
        if (failAtEnd != null) {
          throw failAtEnd;
        }
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + sizes.nextInt(100_000)), content.length - pos);
      System.arraycopy(content, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  private static byte[] content(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] drain(ReadAhead ahead) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    for (ReadAhead.Chunk c; (c = ahead.next()) != null; ahead.release(c)) {
      got.write(c.buffer(), 0, c.length());
    }
    return got.toByteArray();
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, ReadAhead.BUFFER - 1, ReadAhead.BUFFER, 5 * ReadAhead.BUFFER + 12345})
  void theContentComesOutWholeAndInOrder(int size) throws Exception {
    byte[] content = content(size, size);
    AtomicInteger spare = new AtomicInteger();
    try (ReadAhead ahead =
        new ReadAhead(new Source(content, size, null), () -> spare.getAndIncrement() < 0)) {
      assertThat(drain(ahead)).isEqualTo(content);
      assertThat(ahead.next()).as("still at the end").isNull();
    }
  }

  @Test
  void aFailureOfTheSourceComesAfterTheContentReadBeforeIt() throws Exception {
    byte[] content = content(2 * ReadAhead.BUFFER, 1);
    IOException boom = new IOException("boom");
    try (ReadAhead ahead = new ReadAhead(new Source(content, 2, boom), () -> false)) {
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      assertThatThrownBy(
              () -> {
                for (ReadAhead.Chunk c; (c = ahead.next()) != null; ahead.release(c)) {
                  got.write(c.buffer(), 0, c.length());
                }
              })
          .isSameAs(boom);
      assertThat(got.toByteArray()).isEqualTo(content);
      assertThatThrownBy(ahead::next).as("and again").isSameAs(boom);
    }
  }

  @Test
  void aRuntimeExceptionFromTheSourceKeepsItsType() {
    InputStream bad =
        new InputStream() {
          @Override
          public int read() {
            throw new IllegalStateException("source broke");
          }

          @Override
          public int read(byte[] b, int off, int len) {
            throw new IllegalStateException("source broke");
          }
        };
    try (ReadAhead ahead = new ReadAhead(bad, () -> false)) {
      assertThatThrownBy(ahead::next)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("source broke");
    }
  }

  /**
   * A consumer that is slow leaves the helper with full buffers: it does spare work then; a source
   * that is slow leaves the consumer waiting: it does spare work then.
   */
  @Test
  void spareWorkIsTakenByWhicheverThreadWouldWait() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger left = new AtomicInteger(1000);
    java.util.function.BooleanSupplier spare =
        () -> {
          if (left.getAndDecrement() <= 0) {
            return false;
          }
          threads.add(Thread.currentThread().getName());
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return true;
        };
    byte[] content = content(8 * ReadAhead.BUFFER, 3);
    InputStream slowAtFirst =
        new Source(content, 4, null) {
          private boolean waited;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (!waited) {
              waited = true;
              sleep(200); // the consumer finds nothing read yet
            }
            return super.read(b, off, len);
          }
        };
    try (ReadAhead ahead = new ReadAhead(slowAtFirst, spare)) {
      ReadAhead.Chunk first = ahead.next();
      assertThat(threads)
          .as("the consumer worked while it waited")
          .contains(Thread.currentThread().getName());
      sleep(300); // the helper fills every buffer, then works
      ahead.release(first);
      drain(ahead);
      assertThat(threads).as("the helper worked when the buffers were full").hasSize(2);
    }
  }

  @Test
  void closingDoesNotWaitForABlockedSource() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InputStream blocked = blocked(reading, release);
    ReadAhead ahead = new ReadAhead(blocked, () -> false);
    Thread consumer = new Thread(() -> catchAll(ahead));
    consumer.start();
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    ahead.close();
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
    consumer.join(10_000);
    assertThat(consumer.isAlive()).as("the waiting consumer was woken").isFalse();
    release.countDown();
    assertNoHelperRunsSoon();
  }

  @Test
  void anInterruptedConsumerGetsInterruptedIoException() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    InputStream blocked = blocked(new CountDownLatch(1), release);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    try (ReadAhead ahead = new ReadAhead(blocked, () -> false)) {
      Thread consumer =
          new Thread(
              () -> {
                try {
                  ahead.next();
                } catch (Throwable t) {
                  thrown.set(t);
                }
                flag.set(Thread.currentThread().isInterrupted());
              });
      consumer.start();
      sleep(100);
      consumer.interrupt();
      consumer.join(10_000);
    } finally {
      release.countDown();
    }
    assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
    assertThat(flag.get()).as("interrupt flag kept").isTrue();
    assertNoHelperRunsSoon();
  }

  @Test
  void noThreadIsLeftRunningOnceTheContentEnded() throws Exception {
    byte[] content = content(3 * ReadAhead.BUFFER + 1, 5);
    try (ReadAhead ahead = new ReadAhead(new Source(content, 6, null), () -> false)) {
      assertThat(drain(ahead)).isEqualTo(content);
    }
    assertNoHelperRunsSoon();
  }

  /** Within a few seconds, no thread is inside ReadAhead's helper (the pool may keep it idle). */
  private static void assertNoHelperRunsSoon() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      boolean busy =
          Thread.getAllStackTraces().values().stream()
              .anyMatch(
                  s ->
                      Arrays.stream(s)
                          .anyMatch(
                              f ->
                                  f.getClassName().equals(ReadAhead.class.getName())
                                      && f.getMethodName().equals("run")));
      if (!busy) {
        return;
      }
      assertThat(System.nanoTime()).as("a helper still runs").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** A source whose reads count {@code reading} down, then wait for {@code release} and end. */
  private static InputStream blocked(CountDownLatch reading, CountDownLatch release) {
    return new InputStream() {
      @Override
      public int read() {
        return -1;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        reading.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new InterruptedIOException();
        }
        return -1;
      }
    };
  }

  private static void catchAll(ReadAhead ahead) {
    try {
      ahead.next();
    } catch (IOException | RuntimeException e) {
      // closed or interrupted under it: either is fine here
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
