package dev.envelope.error;

/**
 * Decryption or authentication failed. Every secret-dependent cause (a wrong key, RSA padding, a
 * content-key length, a bad tag, CBC padding) ends here with the same fixed message and no cause,
 * so that the failure is no oracle (RFC 3218).
 */
public final class DecryptionFailedException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  /** The one message. */
  public static final String MESSAGE =
      "decryption failed: no recipient key could decrypt this message, or the message was"
          + " modified";

  public DecryptionFailedException() {
    super(MESSAGE, null);
  }

  @Override
  public int exitCode() {
    return 4;
  }
}
