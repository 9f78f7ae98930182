package dev.envelope.bench;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.OaepHash;
import dev.envelope.Recipient;
import dev.envelope.RsaPadding;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsLimits;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.cms.RecipientInfo;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.x509.CertificateBuilder;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Issue 6 item 2 / SECURITY.md #10-#14: does the time to fail say why it failed? Opens RSA key
 * transport messages (PKCS #1 v1.5, 2048-bit, AES-256-GCM content, 1 KiB) whose failures differ
 * only in their secret cause, interleaved in random order, and compares each cause's timing with
 * the wrong-key case: medians, the 10th and 90th percentiles, and Welch's t over the central 90% of
 * samples. |t| well above 4 across runs would be a timing difference worth chasing; a single run's
 * t drifts with the machine's load, so this is a report, not a test.
 *
 * <p>Usage: {@code OracleTiming [samplesPerCase=20000]} (run by {@code bench/oracle-timing}).
 */
public final class OracleTiming {
  private OracleTiming() {}

  private record Case(String name, byte[] message, boolean opens) {}

  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    SecureRandom random = new SecureRandom();
    KeyPair ours = CertificateBuilder.generateKeyPair("rsa2048");
    X509Certificate cert = CertificateBuilder.forSubject("CN=oracle").selfSigned(ours);
    KeyPair theirs = CertificateBuilder.generateKeyPair("rsa2048");
    X509Certificate theirCert = CertificateBuilder.forSubject("CN=oracle").selfSigned(theirs);
    KeySource keys = KeySource.of(cert, ours.getPrivate());
    byte[] content = new byte[1024];
    random.nextBytes(content);

    byte[] valid = seal(cert, content);
    RSAPublicKey pub = (RSAPublicKey) ours.getPublic();
    int k = (pub.getModulus().bitLength() + 7) / 8;
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("valid (opens)", valid, true));
    // our entry carrying a key encrypted for another RSA key: our private key gives garbage
    byte[] forThem = seal(theirCert, content);
    cases.add(new Case("wrong key", withEncryptedKey(valid, encryptedKeyOf(forThem)), false));
    // a block that is not PKCS #1 v1.5 at all (first byte 0x00, second 0x00)
    byte[] noPadding = new byte[k];
    random.nextBytes(noPadding);
    noPadding[0] = 0;
    noPadding[1] = 0;
    cases.add(new Case("bad padding (00 00)", withBlock(valid, pub, noPadding), false));
    // well-formed padding, but the key inside is 31 bytes where AES-256 needs 32
    cases.add(
        new Case("good padding, 31-byte key", withBlock(valid, pub, pkcs1(k, 31, random)), false));
    // well-formed padding, right length, but the separator is missing (no zero byte)
    byte[] noSeparator = pkcs1(k, 32, random);
    noSeparator[k - 33] = 1;
    cases.add(new Case("padding without separator", withBlock(valid, pub, noSeparator), false));
    // the right key and padding, a modified tag
    byte[] badTag = valid.clone();
    badTag[badTag.length - 1] ^= 1;
    cases.add(new Case("right key, bad tag", badTag, false));

    // warm up every path, then interleave
    for (int i = 0; i < 2000; i++) {
      run(cases.get(i % cases.size()), keys);
    }
    long[][] times = new long[cases.size()][samples];
    int[] filled = new int[cases.size()];
    Random order = new Random(1);
    int total = samples * cases.size();
    for (int i = 0; i < total; i++) {
      int c;
      do {
        c = order.nextInt(cases.size());
      } while (filled[c] == samples);
      long t0 = System.nanoTime();
      run(cases.get(c), keys);
      times[c][filled[c]++] = System.nanoTime() - t0;
    }

    System.out.printf(
        Locale.ROOT,
        "%-28s %10s %10s %10s %10s %8s%n",
        "case (" + samples + " samples)",
        "median us",
        "p10 us",
        "p90 us",
        "mean* us",
        "t vs wrong key");
    double[] reference = central(times[1]);
    for (int c = 0; c < cases.size(); c++) {
      long[] s = times[c].clone();
      Arrays.sort(s);
      double[] mid = central(times[c]);
      System.out.printf(
          Locale.ROOT,
          "%-28s %10.1f %10.1f %10.1f %10.1f %8.2f%n",
          cases.get(c).name(),
          s[s.length / 2] / 1e3,
          s[s.length / 10] / 1e3,
          s[s.length * 9 / 10] / 1e3,
          mean(mid) / 1e3,
          c == 1 ? 0.0 : welch(mid, reference));
    }
    System.out.println("mean* and t: over the central 90% of each case's samples");
  }

  private static void run(Case c, KeySource keys) throws Exception {
    try {
      Envelope.decrypt(c.message(), keys);
      if (!c.opens()) {
        throw new IllegalStateException(c.name() + " opened");
      }
    } catch (DecryptionFailedException e) {
      if (c.opens()) {
        throw new IllegalStateException(c.name() + " failed");
      }
    }
  }

  private static byte[] seal(X509Certificate cert, byte[] content) throws Exception {
    return Envelope.sealer()
        .withCipher(ContentCipher.AES_256_GCM)
        .withRecipient(new Recipient.KeyTransport(cert, RsaPadding.PKCS1, OaepHash.SHA256))
        .seal(content);
  }

  /** EB = 00 02 PS 00 D with a key D of {@code keyLength} random bytes (RFC 8017 7.2.1). */
  private static byte[] pkcs1(int k, int keyLength, SecureRandom random) {
    byte[] eb = new byte[k];
    eb[1] = 2;
    for (int i = 2; i < k - keyLength - 1; i++) {
      eb[i] = (byte) (1 + random.nextInt(255));
    }
    byte[] key = new byte[keyLength];
    random.nextBytes(key);
    System.arraycopy(key, 0, eb, k - keyLength, keyLength);
    return eb;
  }

  /** The message with its one encryptedKey replaced by the raw RSA encryption of {@code block}. */
  private static byte[] withBlock(byte[] message, RSAPublicKey pub, byte[] block) throws Exception {
    BigInteger c = new BigInteger(1, block).modPow(pub.getPublicExponent(), pub.getModulus());
    byte[] raw = c.toByteArray();
    int k = block.length;
    byte[] ek = new byte[k];
    int n = Math.min(raw.length, k);
    System.arraycopy(raw, raw.length - n, ek, k - n, n);
    return withEncryptedKey(message, ek);
  }

  private static byte[] encryptedKeyOf(byte[] message) throws Exception {
    return ktri(CmsCodec.decode(message, CmsLimits.DEFAULT)).encryptedKey().toByteArray();
  }

  private static KeyTransRecipientInfo ktri(CmsMessage m) {
    return (KeyTransRecipientInfo) m.recipientInfos().get(0);
  }

  /** {@code message} with {@code ek} as the encryptedKey of its one entry. */
  private static byte[] withEncryptedKey(byte[] message, byte[] ek) throws Exception {
    CmsMessage m = CmsCodec.decode(message, CmsLimits.DEFAULT);
    KeyTransRecipientInfo old = ktri(m);
    List<RecipientInfo> ris =
        List.of(new KeyTransRecipientInfo(old.rid(), old.keyEncryptionAlgorithm(), Bytes.of(ek)));
    return CmsCodec.encode(m.withRecipientInfos(ris));
  }

  private static double[] central(long[] samples) {
    long[] s = samples.clone();
    Arrays.sort(s);
    int cut = s.length / 20;
    double[] out = new double[s.length - 2 * cut];
    for (int i = 0; i < out.length; i++) {
      out[i] = s[cut + i];
    }
    return out;
  }

  private static double mean(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }

  private static double variance(double[] x, double mean) {
    double sum = 0;
    for (double v : x) {
      sum += (v - mean) * (v - mean);
    }
    return sum / (x.length - 1);
  }

  /** Welch's t statistic of a against b. */
  private static double welch(double[] a, double[] b) {
    double ma = mean(a);
    double mb = mean(b);
    return (ma - mb) / Math.sqrt(variance(a, ma) / a.length + variance(b, mb) / b.length);
  }
}
