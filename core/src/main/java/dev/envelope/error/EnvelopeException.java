package dev.envelope.error;

import java.security.GeneralSecurityException;

/**
 * The one checked exception family of Envelope. Each subtype is one kind of failure, and the
 * command-line tool maps each kind to one exit code ({@link #exitCode()}).
 *
 * <p>Secret-dependent failures (a wrong key, bad padding, a bad tag) are all one type, {@link
 * DecryptionFailedException}, with one fixed message and no cause: nothing about the secret leaks
 * through the type, the message or the chain.
 */
public abstract sealed class EnvelopeException extends GeneralSecurityException
    permits MalformedMessageException,
        UnsupportedAlgorithmException,
        LimitExceededException,
        NoMatchingRecipientException,
        DecryptionFailedException,
        PolicyViolationException,
        KeySourceException,
        RecipientChangeException {
  private static final long serialVersionUID = 1L;

  EnvelopeException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The command-line exit code for this failure (DESIGN.md): 2 a key, key store or certificate
   * could not be read; 1 a recipient change that does not fit the message; 3 malformed or
   * unsupported message or a limit exceeded; 4 decryption or authentication failed.
   */
  public abstract int exitCode();
}
