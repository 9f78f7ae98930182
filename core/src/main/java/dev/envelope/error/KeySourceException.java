package dev.envelope.error;

/** A key, certificate or key store could not be read (unreadable file, wrong password). */
public final class KeySourceException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  public KeySourceException(String message) {
    super(message, null);
  }

  public KeySourceException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return 2;
  }
}
