package dev.envelope;

import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

/**
 * Someone a message is sealed for. Each kind makes one kind of recipient entry; later versions add
 * key agreement, KEK, password and KEM recipients to this sealed family.
 */
public sealed interface Recipient {

  /**
   * The recipient for a certificate, with the defaults for its key type: RSA keys get RSAES-OAEP
   * with SHA-256 and MGF1-SHA-256.
   *
   * @throws IllegalArgumentException when the certificate's key is of a kind this version cannot
   *     seal for
   */
  static Recipient of(X509Certificate certificate) {
    if (certificate.getPublicKey() instanceof RSAPublicKey) {
      return new KeyTransport(certificate, RsaPadding.OAEP, OaepHash.SHA256);
    }
    throw new IllegalArgumentException(
        "cannot seal for a " + certificate.getPublicKey().getAlgorithm() + " certificate yet");
  }

  /**
   * RSA key transport (RFC 5652 6.2.1): the content key encrypted with the certificate's RSA public
   * key.
   *
   * @param oaepHash the OAEP hash, ignored for {@link RsaPadding#PKCS1}
   */
  record KeyTransport(X509Certificate certificate, RsaPadding padding, OaepHash oaepHash)
      implements Recipient {
    public KeyTransport {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(padding, "padding");
      Objects.requireNonNull(oaepHash, "oaepHash");
      if (!(certificate.getPublicKey() instanceof RSAPublicKey)) {
        throw new IllegalArgumentException("key transport needs an RSA certificate");
      }
    }

    public KeyTransport withPadding(RsaPadding padding) {
      return new KeyTransport(certificate, padding, oaepHash);
    }

    public KeyTransport withOaepHash(OaepHash hash) {
      return new KeyTransport(certificate, padding, hash);
    }
  }
}
