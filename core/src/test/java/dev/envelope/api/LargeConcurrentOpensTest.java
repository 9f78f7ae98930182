package dev.envelope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeIOException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Messages past the first MiB are read ahead on a shared pool of daemon threads, which also hash
 * AES-GCM's keystream: many of them opened at once, through every entry point, on two cores, must
 * each give their own plaintext, a tampered one must fail, a stream closed half-way must not hang,
 * and once all is done no read-ahead thread may still be working.
 */
class LargeConcurrentOpensTest {
  private static final byte[] KEK_ID = {9, 9};
  private static final byte[] KEK = new byte[32];
  private static final int THREADS = 6;
  private static final int ROUNDS = 6;

  private record Sealed(ContentCipher cipher, byte[] content, byte[] message) {}

  @Test
  void manyLargeOpensAtOnce() throws Exception {
    List<Sealed> messages = new ArrayList<>();
    ContentCipher[] ciphers = {
      ContentCipher.AES_256_GCM,
      ContentCipher.AES_128_GCM,
      ContentCipher.AES_256_CBC,
      ContentCipher.CHACHA20_POLY1305
    };
    for (int i = 0; i < ciphers.length; i++) {
      byte[] content = new byte[(5 << 19) + 1000 * i + 7];
      new Random(i).nextBytes(content);
      byte[] message =
          Envelope.sealer()
              .withCipher(ciphers[i])
              .withRecipient(Recipient.kek(KEK_ID, KEK))
              .seal(content);
      messages.add(new Sealed(ciphers[i], content, message));
    }
    KeySource keys = KeySource.kek(KEK_ID, KEK);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        work.add(
            pool.submit(
                () -> {
                  for (int r = 0; r < ROUNDS; r++) {
                    Sealed s = messages.get((thread + r) % messages.size());
                    openOneWay(s, keys, (thread + r) % 4);
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (readAheadThreadsWorking()) {
      assertThat(System.nanoTime()).as("a read-ahead thread still works").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static void openOneWay(Sealed s, KeySource keys, int way) throws Exception {
    switch (way) {
      case 0 -> {
        try (InputStream in =
            Envelope.opener().openDecrypting(new ByteArrayInputStream(s.message()), keys)) {
          assertThat(in.readAllBytes()).isEqualTo(s.content());
        }
      }
      case 1 -> assertThat(Envelope.decrypt(s.message(), keys).content()).isEqualTo(s.content());
      case 2 -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Envelope.opener().decrypt(new ByteArrayInputStream(s.message()), out, keys);
        assertThat(out.toByteArray()).isEqualTo(s.content());
      }
      default -> {
        // tampered near the end: the authenticated ciphers fail, as the one failure
        byte[] bad = s.message().clone();
        bad[bad.length - 40] ^= 1;
        if (s.cipher().isAuthenticated()) {
          assertThatThrownBy(
                  () -> {
                    try (InputStream in =
                        Envelope.opener().openDecrypting(new ByteArrayInputStream(bad), keys)) {
                      in.readAllBytes();
                    }
                  })
              .isInstanceOf(EnvelopeIOException.class)
              .satisfies(
                  e ->
                      assertThat(((EnvelopeIOException) e).envelopeException())
                          .isInstanceOf(DecryptionFailedException.class));
        }
        // and one closed half-way: the close says so, nothing hangs
        InputStream in =
            Envelope.opener().openDecrypting(new ByteArrayInputStream(s.message()), keys);
        in.readNBytes(3 << 19);
        assertThatThrownBy(in::close).isInstanceOf(IOException.class);
      }
    }
  }

  private static boolean readAheadThreadsWorking() {
    return Thread.getAllStackTraces().values().stream()
        .anyMatch(
            stack ->
                Arrays.stream(stack)
                    .anyMatch(
                        f ->
                            f.getClassName().equals("dev.envelope.ReadAhead")
                                && f.getMethodName().equals("run")));
  }
}
