package dev.envelope;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A key held locally that {@link Envelope#inspect(java.io.InputStream, java.util.List)} compares
 * with recipient identifiers: a certificate (of a key in a store or file), or the public half of a
 * private key given without its certificate. Only identifiers are compared; no private key is
 * needed or used.
 *
 * @param source where it was found, repeated in each {@link RecipientSummary.LocalMatch}
 * @param certificate null for a bare public key
 * @param publicKey the certificate's public key, or the bare key
 */
public record LocalKey(String source, X509Certificate certificate, PublicKey publicKey) {
  public LocalKey {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(publicKey, "publicKey");
  }

  /** A certificate, matched by issuer and serial number and by subjectKeyIdentifier. */
  public static LocalKey of(String source, X509Certificate certificate) {
    return new LocalKey(source, certificate, certificate.getPublicKey());
  }

  /** A public key without its certificate, matched by subjectKeyIdentifier only. */
  public static LocalKey of(String source, PublicKey publicKey) {
    return new LocalKey(source, null, publicKey);
  }
}
