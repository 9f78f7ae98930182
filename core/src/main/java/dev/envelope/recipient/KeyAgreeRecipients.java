package dev.envelope.recipient;

import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.crypto.Algorithm;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

/**
 * Key agreement recipients (RFC 5652 6.2.2): ECDH on the NIST curves with the X9.63 KDF (RFC 5753)
 * and X25519/X448 with HKDF (RFC 8418), the derived key wrapping the content key.
 */
public final class KeyAgreeRecipients {
  private KeyAgreeRecipients() {}

  /**
   * The entry for {@code certificate}, with a fresh ephemeral key as originator.
   *
   * @param kdfDigest a {@link Algorithm.Kind#DIGEST} row
   * @param wrap a {@link Algorithm.Kind#KEY_WRAP} row (AES key wrap)
   */
  public static KeyAgreeRecipientInfo seal(
      X509Certificate certificate,
      RecipientIdentifier rid,
      Algorithm kdfDigest,
      Algorithm wrap,
      byte[] cek,
      SecureRandom random)
      throws GeneralSecurityException {
    throw new UnsupportedAlgorithmException("key agreement is not implemented yet");
  }

  /** Whether {@code key} is of the type and curve of the entry's originator key. */
  public static boolean accepts(KeyAgreeRecipientInfo kari, PrivateKey key) {
    return false;
  }

  /**
   * The content key for entry {@code rekIndex} of {@code kari}.
   *
   * @throws dev.envelope.error.DecryptionFailedException on any secret-dependent failure (wrong
   *     key, failed unwrap, wrong length)
   * @throws EnvelopeException when the entry is malformed, unsupported or its public key invalid
   */
  public static byte[] unwrap(
      KeyAgreeRecipientInfo kari, int rekIndex, PrivateKey key, int cekLength)
      throws EnvelopeException {
    throw new UnsupportedAlgorithmException("key agreement is not implemented yet");
  }
}
