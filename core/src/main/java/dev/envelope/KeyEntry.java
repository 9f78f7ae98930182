package dev.envelope;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A private key and, when known, its certificate. The certificate lets recipient entries be matched
 * by identifier; a key without one is matched through its public half where possible and otherwise
 * tried within the trial limit.
 *
 * @param certificate null when not known
 */
public record KeyEntry(X509Certificate certificate, PrivateKey privateKey) {
  public KeyEntry {
    Objects.requireNonNull(privateKey, "privateKey");
  }

  /** Names the key's algorithm and certificate subject, never anything of the key itself. */
  @Override
  public String toString() {
    return "KeyEntry["
        + privateKey.getAlgorithm()
        + (certificate == null ? "" : ", " + certificate.getSubjectX500Principal().getName())
        + "]";
  }
}
