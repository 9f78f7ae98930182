package dev.envelope.error;

/** A configured bound (size, depth, count, iterations) was exceeded; the text names it. */
public final class LimitExceededException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  public LimitExceededException(String message) {
    super(message, null);
  }

  public LimitExceededException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return 3;
  }
}
