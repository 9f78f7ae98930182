package dev.envelope.error;

/** The message is well-formed but the decrypt policy refuses it (for example a legacy cipher). */
public final class PolicyViolationException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  public PolicyViolationException(String message) {
    super(message, null);
  }

  @Override
  public int exitCode() {
    return 3;
  }
}
