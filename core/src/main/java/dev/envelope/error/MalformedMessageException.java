package dev.envelope.error;

/**
 * The message is not well-formed CMS: the text names the field and the byte offset. Raised before
 * any key is used, so it may be specific.
 */
public final class MalformedMessageException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message, null);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return 3;
  }
}
