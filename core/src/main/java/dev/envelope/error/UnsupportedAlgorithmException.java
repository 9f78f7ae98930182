package dev.envelope.error;

/** The message uses an algorithm or a structure this version cannot process. */
public final class UnsupportedAlgorithmException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedAlgorithmException(String message) {
    super(message, null);
  }

  public UnsupportedAlgorithmException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return 3;
  }
}
