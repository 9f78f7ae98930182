package dev.envelope.store;

import dev.envelope.error.KeySourceException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a certificate is fit to encrypt for: within its validity period, and with a keyUsage
 * (when it has one, RFC 5280 4.2.1.3) that allows what its key type does for a recipient:
 * keyEncipherment for RSA and ML-KEM key transport, keyAgreement for EC, X25519 and X448 key
 * agreement (RFC 5753, RFC 8418, RFC 9629). Optionally, whether it chains to a trust anchor (PKIX,
 * RFC 5280 section 6, without revocation checking).
 *
 * <p>Stateless and thread-safe; checks never throw for an unusual certificate, they report it.
 */
public final class RecipientChecks {
  private static final int KEY_ENCIPHERMENT = 2;
  private static final int KEY_AGREEMENT = 4;

  private RecipientChecks() {}

  /**
   * The reasons not to encrypt for this certificate at this time, each a short phrase ({@code
   * "expired on 2025-01-01T00:00:00Z"}); empty when there are none.
   */
  public static List<String> check(X509Certificate cert, Instant now) {
    Objects.requireNonNull(cert, "cert");
    Objects.requireNonNull(now, "now");
    List<String> problems = new ArrayList<>();
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    if (now.isAfter(notAfter)) {
      problems.add("expired on " + notAfter);
    }
    if (now.isBefore(notBefore)) {
      problems.add("not valid before " + notBefore);
    }
    boolean[] usage = cert.getKeyUsage();
    if (usage != null) {
      String alg = cert.getPublicKey().getAlgorithm().toUpperCase(Locale.ROOT);
      if ((alg.equals("RSA") || alg.startsWith("ML-KEM")) && !bit(usage, KEY_ENCIPHERMENT)) {
        problems.add("keyUsage lacks keyEncipherment, which " + alg + " key transport needs");
      } else if ((alg.equals("EC")
              || alg.equals("XDH")
              || alg.startsWith("X25519")
              || alg.startsWith("X448"))
          && !bit(usage, KEY_AGREEMENT)) {
        problems.add("keyUsage lacks keyAgreement, which " + alg + " key agreement needs");
      }
    }
    return List.copyOf(problems);
  }

  /**
   * Fails unless {@link #check} finds nothing.
   *
   * @throws KeySourceException (exit code 2) naming the certificate and every problem, on one line
   */
  public static void requireUsable(X509Certificate cert, Instant now) throws KeySourceException {
    List<String> problems = check(cert, now);
    if (!problems.isEmpty()) {
      throw new KeySourceException(
          "cannot encrypt for "
              + CertificateFacts.describe(cert)
              + ": "
              + String.join("; ", problems));
    }
  }

  /**
   * Whether the certificate chains to one of the trust anchors now, the certificate signed directly
   * by an anchor or being one itself.
   *
   * @see #checkPath(X509Certificate, List, Collection, Instant)
   */
  public static Optional<String> checkPath(
      X509Certificate cert, Collection<X509Certificate> trustAnchors) {
    return checkPath(cert, List.of(), trustAnchors, Instant.now());
  }

  /**
   * Validates the path {@code cert, intermediates...} to one of the trust anchors with the JDK's
   * PKIX validator at time {@code at}, revocation not checked.
   *
   * @param intermediates the CA certificates between the certificate and an anchor, the
   *     certificate's issuer first; may be empty
   * @return empty when the path is valid, else the reason, one line ({@code "certificate 1 of 1
   *     (CN=Alice): validity check failed (EXPIRED)"})
   */
  public static Optional<String> checkPath(
      X509Certificate cert,
      List<X509Certificate> intermediates,
      Collection<X509Certificate> trustAnchors,
      Instant at) {
    Objects.requireNonNull(cert, "cert");
    Objects.requireNonNull(intermediates, "intermediates");
    Objects.requireNonNull(trustAnchors, "trustAnchors");
    Objects.requireNonNull(at, "at");
    if (trustAnchors.isEmpty()) {
      return Optional.of("no trust anchors given");
    }
    if (trustAnchors.contains(cert)) {
      // an anchor is trusted as it is; PKIX would only check it was signed by itself
      Instant notAfter = cert.getNotAfter().toInstant();
      Instant notBefore = cert.getNotBefore().toInstant();
      return at.isAfter(notAfter) || at.isBefore(notBefore)
          ? Optional.of("the trusted certificate itself is outside its validity period")
          : Optional.empty();
    }
    List<X509Certificate> path = new ArrayList<>();
    path.add(cert);
    path.addAll(intermediates);
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      for (X509Certificate a : trustAnchors) {
        anchors.add(new TrustAnchor(a, null));
      }
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
      return Optional.empty();
    } catch (CertPathValidatorException e) {
      return Optional.of(reason(e, path));
    } catch (GeneralSecurityException e) {
      return Optional.of("cannot validate the path: " + CertificateFiles.reason(e));
    }
  }

  private static String reason(CertPathValidatorException e, List<X509Certificate> path) {
    StringBuilder b = new StringBuilder();
    int index = e.getIndex();
    if (index >= 0 && index < path.size()) {
      b.append("certificate ")
          .append(index + 1)
          .append(" of ")
          .append(path.size())
          .append(" (")
          .append(CertificateFacts.subject(path.get(index)))
          .append("): ");
    }
    b.append(CertificateFiles.reason(e));
    if (e.getReason() != null
        && e.getReason() != CertPathValidatorException.BasicReason.UNSPECIFIED) {
      b.append(" (").append(e.getReason()).append(')');
    }
    return b.toString();
  }

  private static boolean bit(boolean[] usage, int index) {
    return index < usage.length && usage[index];
  }
}
