package dev.envelope.recipient;

import dev.envelope.cms.KemRecipientInfo;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.crypto.Algorithm;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

/** KEM recipients (RFC 9629) with ML-KEM (FIPS 203), HKDF-SHA256 and AES key wrap. */
public final class KemRecipients {
  private KemRecipients() {}

  /**
   * The entry for an ML-KEM {@code certificate}.
   *
   * @param wrap a {@link Algorithm.Kind#KEY_WRAP} row (AES key wrap)
   */
  public static KemRecipientInfo seal(
      X509Certificate certificate,
      RecipientIdentifier rid,
      Algorithm wrap,
      byte[] cek,
      SecureRandom random)
      throws GeneralSecurityException {
    throw new UnsupportedAlgorithmException("KEM recipients are not implemented yet");
  }

  /** Whether {@code key} is an ML-KEM key of the entry's parameter set. */
  public static boolean accepts(KemRecipientInfo kemri, PrivateKey key) {
    return false;
  }

  /**
   * The content key from {@code kemri}.
   *
   * @throws dev.envelope.error.DecryptionFailedException on any secret-dependent failure
   */
  public static byte[] unwrap(KemRecipientInfo kemri, PrivateKey key, int cekLength)
      throws EnvelopeException {
    throw new UnsupportedAlgorithmException("KEM recipients are not implemented yet");
  }
}
