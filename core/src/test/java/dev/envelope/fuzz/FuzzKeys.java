package dev.envelope.fuzz;

import dev.envelope.KeyEntry;
import dev.envelope.KeySource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed keys the fuzz corpus is sealed for, committed under {@code
 * src/test/resources/dev/envelope/fuzz/keys/} (test keys, never used for anything else): RSA 1024
 * (small, so that the many trial decryptions of a mutation run stay cheap), EC P-256, X25519 and
 * ML-KEM-768, each a PKCS #8 key and an X.509 certificate in DER; plus a password and a KEK. {@link
 * CorpusGenerator} made them once.
 */
final class FuzzKeys {
  private FuzzKeys() {}

  /** The key kinds, as file names under {@code keys/} and {@code KeyFactory} algorithms. */
  static final List<String> KINDS = List.of("rsa", "p256", "x25519", "mlkem768");

  static final char[] PASSWORD = "fuzz password".toCharArray();
  static final byte[] KEK_ID = "fuzz-kek".getBytes(StandardCharsets.US_ASCII);
  static final byte[] KEK = new byte[32];

  /** What every message of the corpus carries. */
  static final byte[] PLAINTEXT =
      "Envelope fuzz corpus: the right plaintext.".getBytes(StandardCharsets.US_ASCII);

  static {
    for (int i = 0; i < KEK.length; i++) {
      KEK[i] = (byte) (0x30 + i);
    }
  }

  static final String DIR = "/dev/envelope/fuzz/keys/";

  private static volatile List<KeyEntry> entries;

  /** The four certificate keys, read from the resources. */
  static List<KeyEntry> entries() {
    List<KeyEntry> e = entries;
    if (e == null) {
      List<KeyEntry> out = new ArrayList<>();
      for (String kind : KINDS) {
        out.add(new KeyEntry(certificate(kind), privateKey(kind)));
      }
      entries = e = List.copyOf(out);
    }
    return e;
  }

  /** Every key of every kind: the certificate keys, the password and the KEK. */
  static KeySource all() {
    return KeySource.concat(
        List.of(KeySource.of(entries()), KeySource.password(PASSWORD), KeySource.kek(KEK_ID, KEK)));
  }

  static X509Certificate certificate(String kind) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(resource(kind + ".crt")));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the " + kind + " test certificate", e);
    }
  }

  static PrivateKey privateKey(String kind) {
    String algorithm =
        switch (kind) {
          case "rsa" -> "RSA";
          case "p256" -> "EC";
          case "x25519" -> "XDH";
          case "mlkem768" -> "ML-KEM";
          default -> throw new IllegalArgumentException(kind);
        };
    try {
      return KeyFactory.getInstance(algorithm)
          .generatePrivate(new PKCS8EncodedKeySpec(resource(kind + ".key")));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the " + kind + " test key", e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = FuzzKeys.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing test resource " + DIR + name + " (made by CorpusGenerator)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
