package dev.envelope.error;

/**
 * A change to a message's recipients that cannot be made as asked: a removal that matches no
 * recipient entry of the message, or removals that would leave it with none (a message nobody can
 * open). Decided from public data alone, before anything is written. The command-line tool reports
 * it as a usage error (exit 1).
 */
public final class RecipientChangeException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  private final int removal;

  /**
   * @param removal the position (from 0, in the order they were asked for) of the removal that
   *     matched nothing, or -1 when the change as a whole is refused
   */
  public RecipientChangeException(String message, int removal) {
    super(message, null);
    this.removal = removal;
  }

  /** The removal (from 0, in the order asked) that matched no entry, or -1. */
  public int removal() {
    return removal;
  }

  @Override
  public int exitCode() {
    return 1;
  }
}
