package dev.envelope.error;

/** A key, certificate or key store could not be read (unreadable file, wrong password). */
public final class KeySourceException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  private final boolean passwordRequired;

  public KeySourceException(String message) {
    this(message, null, false);
  }

  public KeySourceException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private KeySourceException(String message, Throwable cause, boolean passwordRequired) {
    super(message, cause);
    this.passwordRequired = passwordRequired;
  }

  /** The key is encrypted and no password was given: a caller may ask for one and retry. */
  public static KeySourceException passwordRequired(String message) {
    return new KeySourceException(message, null, true);
  }

  /** Whether this failure only means that a password is needed. */
  public boolean isPasswordRequired() {
    return passwordRequired;
  }

  @Override
  public int exitCode() {
    return 2;
  }
}
