package dev.envelope.store;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * One certificate of a {@link CertificateStore}, with its chain and whether the store holds its
 * private key (get the key with {@link CertificateStore#privateKey}). Immutable.
 *
 * @param alias the entry's name in the PKCS #12 file (lower case, unique in the store)
 * @param chain the certificate first, then its issuers as stored (at least the certificate)
 */
public record StoreEntry(
    String alias, X509Certificate certificate, List<X509Certificate> chain, boolean hasPrivateKey) {

  public StoreEntry {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(certificate, "certificate");
    chain = List.copyOf(chain);
    if (chain.isEmpty() || !chain.get(0).equals(certificate)) {
      throw new IllegalArgumentException("the chain must start with the certificate");
    }
  }

  /** The SHA-256 thumbprint of the certificate, lower-case hex: its identity in a store. */
  public String sha256() {
    return CertificateFacts.sha256(certificate);
  }

  /** What {@code envelope store list} shows of it. */
  public CertificateSummary summary() {
    return CertificateSummary.of(certificate, hasPrivateKey);
  }

  /** The alias and the subject; never key material. */
  @Override
  public String toString() {
    return "StoreEntry["
        + alias
        + ", "
        + CertificateFacts.subject(certificate)
        + (hasPrivateKey ? ", with private key" : "")
        + "]";
  }
}
