package dev.envelope.bench;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.Sealer;
import dev.envelope.x509.CertificateBuilder;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sealing and opening throughput in process, beside the raw JDK cipher for the same algorithm (the
 * ceiling: Envelope cannot be faster than the cipher it drives). Sizes 1 KiB, 1 MiB, 64 MiB;
 * results in bytes per second via {@code -prof} free throughput mode (ops/s x size).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ThroughputBenchmark {

  @Param({"1024", "1048576", "67108864"})
  public int size;

  @Param({"aes-256-gcm", "aes-256-cbc"})
  public String cipher;

  private byte[] content;
  private byte[] message;
  private Sealer sealer;
  private KeySource keys;
  private SecretKeySpec key;
  private byte[] sink;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    KeyPair kp = CertificateBuilder.generateKeyPair("rsa2048");
    X509Certificate cert = CertificateBuilder.forSubject("CN=bench").selfSigned(kp);
    content = new byte[size];
    new SecureRandom().nextBytes(content);
    sealer =
        Envelope.sealer()
            .withCipher(ContentCipher.byName(cipher).orElseThrow())
            .withRecipient(Recipient.of(cert));
    message = sealer.seal(content);
    keys = KeySource.of(cert, kp.getPrivate());
    key = new SecretKeySpec(new byte[32], "AES");
    sink = new byte[size + 64];
  }

  /** Envelope sealing in memory (one RSA-OAEP wrap per message included). */
  @Benchmark
  public byte[] seal() throws Exception {
    return sealer.seal(content);
  }

  /** Envelope sealing through the streaming API. */
  @Benchmark
  public long sealStream() throws Exception {
    CountingSink out = new CountingSink();
    try (OutputStream o = sealer.openEncrypting(out)) {
      o.write(content);
    }
    return out.count;
  }

  /** Envelope opening in memory (one RSA private-key operation per message included). */
  @Benchmark
  public byte[] open() throws Exception {
    return Envelope.decrypt(message, keys).content();
  }

  /** Envelope opening through the streaming API. */
  @Benchmark
  public long openStream() throws Exception {
    long n = 0;
    byte[] buf = new byte[65536];
    try (InputStream in =
        Envelope.opener().openDecrypting(new ByteArrayInputStream(message), keys)) {
      for (int k; (k = in.read(buf)) > 0; ) {
        n += k;
      }
    }
    return n;
  }

  /**
   * The ceiling: the JDK cipher alone, encrypting the same bytes in 64 KiB updates (one huge
   * doFinal runs far slower: the intrinsics need the loop compiled).
   */
  @Benchmark
  public int rawJdkEncrypt() throws Exception {
    Cipher c;
    if (cipher.endsWith("gcm")) {
      c = Cipher.getInstance("AES/GCM/NoPadding");
      byte[] nonce = new byte[12];
      new SecureRandom().nextBytes(nonce);
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    } else {
      c = Cipher.getInstance("AES/CBC/PKCS5Padding");
      c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[16]));
    }
    int n = 0;
    for (int off = 0; off < content.length; off += 65536) {
      n += c.update(content, off, Math.min(65536, content.length - off), sink, n);
    }
    return n + c.doFinal(sink, n);
  }

  private static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
