package dev.envelope.recipient;

import dev.envelope.cms.PasswordRecipientInfo;
import dev.envelope.crypto.Algorithm;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** Password recipients (RFC 5652 6.2.4, RFC 3211): PBKDF2 and the id-alg-PWRI-KEK wrap. */
public final class PasswordRecipients {
  private PasswordRecipients() {}

  /**
   * The entry for {@code password}.
   *
   * @param prf a {@link Algorithm.Kind#PRF} row
   */
  public static PasswordRecipientInfo seal(
      char[] password, Algorithm prf, int iterations, byte[] cek, SecureRandom random)
      throws GeneralSecurityException {
    throw new UnsupportedAlgorithmException("password recipients are not implemented yet");
  }

  /**
   * The content key from {@code pwri}; the iteration count is checked against {@code maxIterations}
   * before anything is derived.
   *
   * @throws dev.envelope.error.LimitExceededException above {@code maxIterations}
   * @throws dev.envelope.error.DecryptionFailedException for a wrong password
   */
  public static byte[] unwrap(
      PasswordRecipientInfo pwri, char[] password, int cekLength, long maxIterations)
      throws EnvelopeException {
    throw new UnsupportedAlgorithmException("password recipients are not implemented yet");
  }
}
