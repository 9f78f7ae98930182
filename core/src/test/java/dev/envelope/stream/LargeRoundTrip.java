package dev.envelope.stream;

import dev.envelope.ContentCipher;
import dev.envelope.DecryptingInputStream;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.x509.CertificateBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A child-process main for the constant-memory test: seals {@code SIZE} bytes generated on the fly
 * (never stored) and opens the sealed stream as it is made, through a pipe, comparing SHA-256 of
 * what went in and what came out. Prints {@code OK <sha256> <peak heap bytes>}.
 *
 * <p>Arguments: size in bytes, cipher name.
 */
public final class LargeRoundTrip {
  private LargeRoundTrip() {}

  public static void main(String[] args) throws Exception {
    long size = Long.parseLong(args[0]);
    ContentCipher cipher = ContentCipher.byName(args[1]).orElseThrow();
    KeyPair kp = CertificateBuilder.generateKeyPair("rsa2048");
    X509Certificate cert = CertificateBuilder.forSubject("CN=large").selfSigned(kp);

    PipedInputStream sealed = new PipedInputStream(1 << 20);
    PipedOutputStream sink = new PipedOutputStream(sealed);
    MessageDigest in = MessageDigest.getInstance("SHA-256");
    AtomicReference<Throwable> sealError = new AtomicReference<>();
    Thread sealer =
        new Thread(
            () -> {
              byte[] buf = new byte[1 << 16];
              long seed = 0x9E3779B97F4A7C15L;
              try (OutputStream o =
                  Envelope.sealer()
                      .withCipher(cipher)
                      .withRecipient(Recipient.of(cert))
                      .openEncrypting(sink)) {
                for (long done = 0; done < size; ) {
                  int n = (int) Math.min(buf.length, size - done);
                  for (int i = 0; i < n; i += 8) { // cheap deterministic filler
                    seed = seed * 6364136223846793005L + 1442695040888963407L;
                    for (int k = 0; k < 8 && i + k < n; k++) {
                      buf[i + k] = (byte) (seed >>> (8 * k));
                    }
                  }
                  in.update(buf, 0, n);
                  o.write(buf, 0, n);
                  done += n;
                }
              } catch (Throwable t) {
                sealError.set(t);
                try {
                  sink.close();
                } catch (IOException e) {
                  t.addSuppressed(e);
                }
              }
            },
            "sealer");
    sealer.start();
    MessageDigest out = MessageDigest.getInstance("SHA-256");
    long total = openInto(sealed, KeySource.of(cert, kp.getPrivate()), out);
    sealer.join();
    if (sealError.get() != null) {
      throw new AssertionError("sealing failed", sealError.get());
    }
    report(in, out, total, size);
  }

  /** Opens {@code message} as a stream into {@code digest}; returns the plaintext's length. */
  static long openInto(InputStream message, KeySource keys, MessageDigest digest) throws Exception {
    long total = 0;
    try (DecryptingInputStream opened = Envelope.opener().openDecrypting(message, keys)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = opened.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
        total += n;
      }
    }
    return total;
  }

  /**
   * Checks that what came out is what went in, then prints "OK digest heapPeak" for the parent test
   * (the heap pools' peaks summed, each at its own moment).
   */
  static void report(MessageDigest in, MessageDigest out, long total, long size) {
    String a = HexFormat.of().formatHex(in.digest());
    String b = HexFormat.of().formatHex(out.digest());
    if (!a.equals(b) || total != size) {
      throw new AssertionError("mismatch: " + a + " vs " + b + ", " + total + " of " + size);
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("OK " + b + " " + peak);
  }
}
