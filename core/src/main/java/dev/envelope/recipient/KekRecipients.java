package dev.envelope.recipient;

import dev.envelope.cms.KekRecipientInfo;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.security.GeneralSecurityException;

/** KEK recipients (RFC 5652 6.2.3): the content key wrapped with a shared AES key. */
public final class KekRecipients {
  private KekRecipients() {}

  /** The entry wrapping {@code cek} with {@code kek} (AES key wrap of the KEK's size). */
  public static KekRecipientInfo seal(byte[] keyIdentifier, byte[] kek, byte[] cek)
      throws GeneralSecurityException {
    throw new UnsupportedAlgorithmException("KEK recipients are not implemented yet");
  }

  /**
   * The content key from {@code kekri}.
   *
   * @throws dev.envelope.error.DecryptionFailedException when the unwrap fails
   */
  public static byte[] unwrap(KekRecipientInfo kekri, byte[] kek, int cekLength)
      throws EnvelopeException {
    throw new UnsupportedAlgorithmException("KEK recipients are not implemented yet");
  }
}
