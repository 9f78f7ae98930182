package dev.envelope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.KekEntry;
import dev.envelope.KeyEntry;
import dev.envelope.KeySource;
import dev.envelope.OaepHash;
import dev.envelope.Opener;
import dev.envelope.Recipient;
import dev.envelope.RsaPadding;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.x509.CertificateBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 item 6, SECURITY.md G #39 (LD-concurrency-leaks): 16 threads each open 10,000 messages of
 * mixed kinds (RSA-OAEP, RSA PKCS #1 v1.5, ECDH P-256, X25519, KEK, password with 1,000 PBKDF2
 * iterations, ML-KEM-768; AES-GCM, AES-CBC, ChaCha20-Poly1305) through ONE shared {@link KeySource}
 * that holds every key, and ONE shared {@link Opener}. A pool of messages is sealed once and opened
 * round robin, each thread from its own offset; every plaintext is checked against its own (each
 * message has distinct random content, so cross-talk between threads would show), and one message
 * in eleven is tampered and must fail with the one {@link DecryptionFailedException}, never with
 * another message's content.
 */
class ConcurrencyLoadTest {
  private static final int THREADS = 16;

  /**
   * Opens per thread: the issue's 10,000 ({@code -Denvelope.load.opens=N} changes it). About 50 s
   * of wall time on a 2-core CI machine (RSA-2048 and ECDH P-256 dominate).
   */
  private static final int OPENS_PER_THREAD = Integer.getInteger("envelope.load.opens", 10_000);

  private static final int GOOD_PER_COMBINATION = 10;

  private static final char[] PASSWORD = "load test password".toCharArray();
  private static final byte[] KEK_ID = "load-kek".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEK = new byte[32];

  /** One message of the pool: the content it must open to, or null when it was tampered. */
  private record Sample(String label, byte[] message, byte[] content) {}

  private static final List<Sample> POOL = new ArrayList<>();
  private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();
  private static KeySource shared;

  @BeforeAll
  static void sealThePool() throws Exception {
    Random random = new Random(39);
    random.nextBytes(KEK);
    KeyPair caPair = CertificateBuilder.generateKeyPair("ec-p256");
    X509Certificate ca =
        CertificateBuilder.forSubject("CN=Load test CA")
            .certificateAuthority(true)
            .selfSigned(caPair);
    List<KeyEntry> keys = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Recipient> recipients = new ArrayList<>();
    for (String spec : List.of("rsa2048", "rsa2048", "ec-p256", "x25519", "ml-kem-768")) {
      KeyPair kp = CertificateBuilder.generateKeyPair(spec);
      X509Certificate cert =
          CertificateBuilder.forSubject("CN=" + spec + " " + keys.size())
              .issuedBy(kp.getPublic(), ca, caPair.getPrivate());
      keys.add(new KeyEntry(cert, kp.getPrivate()));
      Recipient r = Recipient.of(cert);
      if (spec.equals("rsa2048") && labels.contains("rsa-oaep")) {
        r = new Recipient.KeyTransport(cert, RsaPadding.PKCS1, OaepHash.SHA256);
        labels.add("rsa-pkcs1");
      } else {
        labels.add(spec.equals("rsa2048") ? "rsa-oaep" : spec);
      }
      recipients.add(r);
    }
    labels.add("kek");
    recipients.add(Recipient.kek(KEK_ID, KEK));
    labels.add("password");
    recipients.add(new Recipient.Password(PASSWORD, KdfHash.SHA256, 1_000));

    // one source for all: every key, the password and the KEK, shared by all threads
    List<KeyEntry> allKeys = List.copyOf(keys);
    List<char[]> passwords = List.<char[]>of(PASSWORD.clone());
    List<KekEntry> keks = List.of(new KekEntry(KEK_ID, KEK));
    shared =
        new KeySource() {
          @Override
          public List<KeyEntry> keys() {
            return allKeys;
          }

          @Override
          public List<char[]> passwords() {
            return passwords;
          }

          @Override
          public List<KekEntry> keks() {
            return keks;
          }
        };

    for (ContentCipher cipher :
        List.of(
            ContentCipher.AES_256_GCM,
            ContentCipher.AES_128_CBC,
            ContentCipher.CHACHA20_POLY1305)) {
      for (int k = 0; k < recipients.size(); k++) {
        String label = labels.get(k) + "/" + cipher.cliName();
        for (int i = 0; i < GOOD_PER_COMBINATION; i++) {
          // distinct content, a multiple of 16 bytes from time to time (a whole padding block)
          int length = i % 3 == 0 ? 16 * (1 + random.nextInt(64)) : random.nextInt(1500);
          byte[] content = new byte[length];
          random.nextBytes(content);
          byte[] message =
              Envelope.sealer().withCipher(cipher).withRecipient(recipients.get(k)).seal(content);
          POOL.add(new Sample(label + " #" + i, message, content));
        }
        // the tampered twin: a byte of the tag (AEAD, the last field) or, for CBC, of the
        // next-to-last cipher block under a whole padding block, which makes the padding invalid
        byte[] content = new byte[64];
        random.nextBytes(content);
        byte[] message =
            Envelope.sealer().withCipher(cipher).withRecipient(recipients.get(k)).seal(content);
        message[message.length - (cipher.isAuthenticated() ? 3 : 17)] ^= 0x01;
        POOL.add(new Sample(label + " tampered", message, null));
      }
    }
    // each sample once, on one thread: the pool itself is right
    for (Sample s : POOL) {
      check(Envelope.opener(), s);
    }
  }

  private static void check(Opener opener, Sample s) throws Exception {
    if (s.content() == null) {
      assertThatThrownBy(() -> opener.decrypt(s.message(), shared))
          .as(s.label())
          .isInstanceOf(DecryptionFailedException.class);
      return;
    }
    Decrypted d = opener.decrypt(s.message(), shared);
    if (!Arrays.equals(d.content(), s.content())) {
      throw new AssertionError(s.label() + ": wrong plaintext");
    }
  }

  @Test
  void sixteenThreadsOpenMixedMessagesThroughOneSharedKeySource() throws Exception {
    Opener opener = Envelope.opener();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicLong cpuNanos = new AtomicLong();
    long start = System.nanoTime();
    try {
      List<Future<int[]>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int offset = t * 37;
        results.add(
            pool.submit(
                () -> {
                  long cpu0 = THREAD_CPU.getCurrentThreadCpuTime();
                  int opened = 0;
                  int refused = 0;
                  for (int i = 0; i < OPENS_PER_THREAD; i++) {
                    Sample s = POOL.get((offset + i) % POOL.size());
                    if (s.content() == null) {
                      try {
                        opener.decrypt(s.message(), shared);
                        throw new AssertionError(s.label() + " opened");
                      } catch (DecryptionFailedException expected) {
                        refused++;
                      }
                    } else {
                      Decrypted d = opener.decrypt(s.message(), shared);
                      if (!Arrays.equals(d.content(), s.content())) {
                        throw new AssertionError(s.label() + ": another message's plaintext");
                      }
                      opened++;
                    }
                  }
                  cpuNanos.addAndGet(THREAD_CPU.getCurrentThreadCpuTime() - cpu0);
                  return new int[] {opened, refused};
                }));
      }
      int opened = 0;
      int refused = 0;
      for (Future<int[]> f : results) {
        int[] r = f.get(10, TimeUnit.MINUTES);
        opened += r[0];
        refused += r[1];
      }
      assertThat(opened + refused).isEqualTo(THREADS * OPENS_PER_THREAD);
      assertThat(refused).isPositive();
      System.out.printf(
          "ConcurrencyLoadTest: %d threads x %d opens (%d messages in the pool, %d tampered"
              + " refused) in %d ms, %d ms of CPU%n",
          THREADS,
          OPENS_PER_THREAD,
          POOL.size(),
          refused,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
          TimeUnit.NANOSECONDS.toMillis(cpuNanos.get()));
    } finally {
      pool.shutdownNow();
    }
  }
}
