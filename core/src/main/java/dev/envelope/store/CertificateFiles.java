package dev.envelope.store;

import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads X.509 certificates from what people have on disk: PEM with one or more {@code CERTIFICATE}
 * blocks (other blocks, such as a private key in a combined file, are skipped), a DER certificate,
 * or a DER PKCS #7 certificate bundle ({@code .p7b}).
 *
 * <p>Guarantees: at least one certificate, in file order; every one parsed by the JDK's X.509
 * factory. Errors are {@link KeySourceException}s whose one-line message names the file. Stateless
 * and thread-safe.
 */
public final class CertificateFiles {
  private static final Set<String> LABELS = Set.of("CERTIFICATE", "X509 CERTIFICATE");

  private CertificateFiles() {}

  /**
   * The certificates in a file.
   *
   * @throws KeySourceException when the file cannot be read or holds no certificate
   * @throws LimitExceededException when the file exceeds {@link StoreLimits#maxFileBytes()}
   */
  public static List<X509Certificate> read(Path file)
      throws KeySourceException, LimitExceededException {
    Objects.requireNonNull(file, "file");
    return parse(SourceFiles.read(file, StoreLimits.DEFAULT), file.toString());
  }

  /**
   * The certificates in PEM or DER data.
   *
   * @param source names the data in error messages (a file name)
   * @throws KeySourceException when the data holds no certificate or a malformed one
   */
  public static List<X509Certificate> parse(byte[] data, String source) throws KeySourceException {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(source, "source");
    if (Pem.isPem(data)) {
      return fromPem(data, source);
    }
    if (data.length == 0 || data[0] != 0x30) {
      throw new KeySourceException(source + ": not a certificate (neither PEM nor DER)");
    }
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : factory().generateCertificates(new ByteArrayInputStream(data))) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
      if (out.isEmpty()) {
        throw new KeySourceException(source + ": holds no certificate");
      }
      return List.copyOf(out);
    } catch (CertificateException | RuntimeException e) {
      throw new KeySourceException(source + ": not a valid DER certificate: " + reason(e), e);
    }
  }

  private static List<X509Certificate> fromPem(byte[] data, String source)
      throws KeySourceException {
    List<Pem.Block> blocks = Pem.parse(data, source);
    try {
      List<X509Certificate> out = new ArrayList<>();
      Set<String> others = new LinkedHashSet<>();
      int index = 0;
      for (Pem.Block b : blocks) {
        if (!LABELS.contains(b.label())) {
          others.add(b.label());
          continue;
        }
        index++;
        try {
          out.add(
              (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(b.der())));
        } catch (CertificateException | RuntimeException e) {
          throw new KeySourceException(
              source + ": certificate " + index + " is not valid: " + reason(e), e);
        }
      }
      if (out.isEmpty()) {
        throw new KeySourceException(
            source
                + ": holds no CERTIFICATE block"
                + (others.isEmpty() ? "" : " (found: " + String.join(", ", others) + ")"));
      }
      return List.copyOf(out);
    } finally {
      // a combined file may hold a private key next to the certificates
      blocks.forEach(Pem.Block::clear);
    }
  }

  private static CertificateFactory factory() throws CertificateException {
    return CertificateFactory.getInstance("X.509");
  }

  /** The cause's own message, kept to one line. */
  static String reason(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
