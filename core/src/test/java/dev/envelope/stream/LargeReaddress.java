package dev.envelope.stream;

import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.x509.CertificateBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A child-process main for {@link ConstantMemoryTest}: seals {@code SIZE} bytes generated on the
 * fly for one RSA key, re-addresses the sealed stream for a second (through a pipe: the content is
 * never stored whole, only kept aside in a temporary file while it is checked) and opens the result
 * with the second key, comparing SHA-256 of what went in and came out. Prints {@code OK <sha256>
 * <peak heap bytes>}.
 */
public final class LargeReaddress {
  private LargeReaddress() {}

  public static void main(String[] args) throws Exception {
    long size = Long.parseLong(args[0]);
    KeyPair a = CertificateBuilder.generateKeyPair("rsa2048");
    X509Certificate aCert = CertificateBuilder.forSubject("CN=first").selfSigned(a);
    KeyPair b = CertificateBuilder.generateKeyPair("ec-p256");
    X509Certificate bCert = CertificateBuilder.forSubject("CN=added").selfSigned(b);

    PipedInputStream sealed = new PipedInputStream(1 << 20);
    PipedOutputStream sealSink = new PipedOutputStream(sealed);
    PipedInputStream readdressed = new PipedInputStream(1 << 20);
    PipedOutputStream readdressSink = new PipedOutputStream(readdressed);
    MessageDigest in = MessageDigest.getInstance("SHA-256");
    AtomicReference<Throwable> error = new AtomicReference<>();
    Thread sealer =
        start(
            "sealer",
            error,
            sealSink,
            () -> {
              byte[] buf = new byte[1 << 16];
              long seed = 0x9E3779B97F4A7C15L;
              try (OutputStream o =
                  Envelope.sealer().withRecipient(Recipient.of(aCert)).openEncrypting(sealSink)) {
                for (long done = 0; done < size; ) {
                  int n = (int) Math.min(buf.length, size - done);
                  for (int i = 0; i < n; i += 8) {
                    seed = seed * 6364136223846793005L + 1442695040888963407L;
                    for (int k = 0; k < 8 && i + k < n; k++) {
                      buf[i + k] = (byte) (seed >>> (8 * k));
                    }
                  }
                  in.update(buf, 0, n);
                  o.write(buf, 0, n);
                  done += n;
                }
              }
            });
    Thread readdresser =
        start(
            "readdress",
            error,
            readdressSink,
            () -> {
              try (InputStream from = sealed;
                  OutputStream to = readdressSink) {
                Envelope.readdress()
                    .withAddedRecipient(Recipient.of(bCert))
                    .apply(from, to, KeySource.of(aCert, a.getPrivate()));
              }
            });
    MessageDigest out = MessageDigest.getInstance("SHA-256");
    long total = LargeRoundTrip.openInto(readdressed, KeySource.of(bCert, b.getPrivate()), out);
    sealer.join();
    readdresser.join();
    if (error.get() != null) {
      throw new AssertionError("failed", error.get());
    }
    LargeRoundTrip.report(in, out, total, size);
  }

  private interface Work {
    void run() throws Exception;
  }

  /** Runs {@code work}, recording its failure and closing {@code sink} so the reader ends. */
  private static Thread start(
      String name, AtomicReference<Throwable> error, OutputStream sink, Work work) {
    Thread t =
        new Thread(
            () -> {
              try {
                work.run();
              } catch (Throwable e) {
                error.compareAndSet(null, e);
                try {
                  sink.close();
                } catch (IOException suppressed) {
                  e.addSuppressed(suppressed);
                }
              }
            },
            name);
    t.start();
    return t;
  }
}
