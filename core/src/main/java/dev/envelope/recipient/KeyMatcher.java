package dev.envelope.recipient;

import dev.envelope.asn1.Bytes;
import dev.envelope.cms.IssuerAndSerialNumber;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.error.KeySourceException;
import dev.envelope.x509.CertificateIds;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Whether a recipient identifier names a given key: by issuer and serial number against its
 * certificate, or by subjectKeyIdentifier against the certificate's extension, RFC 5280 method 1,
 * or Windows' hash of the whole SubjectPublicKeyInfo. A key without a certificate is matched by
 * subjectKeyIdentifier through its public half, where that can be computed.
 */
public final class KeyMatcher {
  private final X509Certificate certificate;
  private final CertificateIds ids;
  private final PublicKey publicKey;

  /**
   * @param certificate null when not known
   * @throws KeySourceException when the certificate cannot be read
   */
  public KeyMatcher(X509Certificate certificate, PrivateKey key) throws KeySourceException {
    this(
        certificate,
        (certificate != null
                ? Optional.of(certificate.getPublicKey())
                : CertificateIds.publicKeyOf(key))
            .orElse(null));
  }

  private KeyMatcher(X509Certificate certificate, PublicKey publicKey) throws KeySourceException {
    this.certificate = certificate;
    this.ids = certificate == null ? null : CertificateIds.of(certificate);
    this.publicKey = publicKey;
  }

  /**
   * A certificate, or a public key without one (matched by subjectKeyIdentifier only): for
   * inspecting, where no private key is at hand.
   *
   * @param certificate null when not known
   * @throws KeySourceException when the certificate cannot be read
   */
  public static KeyMatcher of(X509Certificate certificate, PublicKey publicKey)
      throws KeySourceException {
    return new KeyMatcher(
        certificate, certificate != null ? certificate.getPublicKey() : publicKey);
  }

  public boolean matches(RecipientIdentifier rid) {
    return switch (rid) {
      case RecipientIdentifier.IssuerSerial is -> certificate != null && matches(is.value());
      case RecipientIdentifier.SubjectKeyId ski -> matchesSki(ski.keyIdentifier());
    };
  }

  private boolean matches(IssuerAndSerialNumber is) {
    if (!is.serialNumber().equals(certificate.getSerialNumber())) {
      return false;
    }
    X500Principal issuer = certificate.getIssuerX500Principal();
    if (is.issuer().equals(Bytes.of(issuer.getEncoded()))) {
      return true;
    }
    try { // the same name encoded differently (string types, case): RFC 5280 7.1 comparison
      return new X500Principal(is.issuer().toByteArray()).equals(issuer);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private boolean matchesSki(Bytes ski) {
    byte[] value = ski.toByteArray();
    if (ids != null) {
      return ids.matchesSubjectKeyId(value);
    }
    return publicKey != null && CertificateIds.matchesSubjectKeyId(publicKey, value);
  }
}
