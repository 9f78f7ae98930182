package dev.envelope.bench;

import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.x509.CertificateBuilder;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What opening a 64 MiB AES-256-GCM message is made of, one pass at a time on one thread, beside
 * {@link ThroughputBenchmark#rawJdkEncrypt} (the ceiling the opening target is measured against):
 * copying the ciphertext out of its source (what any {@link InputStream} read costs, here from a
 * byte array in main memory), one AES-CTR pass and one AES-GCM pass over a buffer already in cache,
 * and the RSA-OAEP unwrap of the content key with the header parse (a 1-byte message, whose content
 * costs nothing). Milliseconds per 64 MiB (per message for {@code unwrapOnly}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PassCostBenchmark {
  private static final int SIZE = 64 << 20;
  private static final int PIECE = 64 << 10;

  private byte[] source;
  private final byte[] piece = new byte[PIECE];
  private final byte[] out = new byte[PIECE + 32];
  private final SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
  private byte[] tiny;
  private KeySource keys;

  @Setup
  public void setUp() throws Exception {
    source = new byte[SIZE];
    new SecureRandom().nextBytes(source);
    KeyPair kp = CertificateBuilder.generateKeyPair("rsa2048");
    X509Certificate cert = CertificateBuilder.forSubject("CN=bench").selfSigned(kp);
    tiny = Envelope.sealer().withRecipient(Recipient.of(cert)).seal(new byte[1]);
    keys = KeySource.of(cert, kp.getPrivate());
  }

  /** 64 MiB read through an InputStream into one 64 KiB buffer. */
  @Benchmark
  public long copyOutOfStream() throws Exception {
    long n = 0;
    InputStream in = new ByteArrayInputStream(source);
    for (int k; (k = in.read(piece)) > 0; ) {
      n += k;
    }
    return n;
  }

  /** 64 MiB of AES-256-CTR over one 64 KiB buffer in cache. */
  @Benchmark
  public long ctrInCache() throws Exception {
    Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
    c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(new byte[16]));
    long n = 0;
    for (int i = 0; i < SIZE / PIECE; i++) {
      n += c.update(piece, 0, PIECE, out, 0);
    }
    return n;
  }

  /** 64 MiB of AES-256-GCM encryption over one 64 KiB buffer in cache. */
  @Benchmark
  public long gcmInCache() throws Exception {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] nonce = new byte[12];
    new SecureRandom().nextBytes(nonce);
    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    long n = 0;
    for (int i = 0; i < SIZE / PIECE; i++) {
      n += c.update(piece, 0, PIECE, out, 0);
    }
    return n;
  }

  /** Opening a 1-byte message: the header, the RSA-2048 OAEP unwrap and the tag, per message. */
  @Benchmark
  public byte[] unwrapOnly() throws Exception {
    return Envelope.decrypt(tiny, keys).content();
  }
}
