package dev.envelope.error;

/**
 * None of the keys given is of a kind that any recipient entry of the message could use (for
 * example only EC keys for a message with only RSA recipients). Decided from public data alone.
 */
public final class NoMatchingRecipientException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  public NoMatchingRecipientException(String message) {
    super(message, null);
  }

  @Override
  public int exitCode() {
    return 4;
  }
}
