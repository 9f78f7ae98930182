package dev.envelope.cli;

/**
 * A failure the command line reports itself: an exit code and the one line of text shown after
 * {@code envelope: }. Library failures keep their own types ({@link
 * dev.envelope.error.EnvelopeException}) and are mapped by {@link ErrorReport}.
 */
final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  static CliException usage(String message) {
    return new CliException(Exit.USAGE, message);
  }

  static CliException input(String message, Throwable cause) {
    return new CliException(Exit.INPUT, message, cause);
  }

  static CliException output(String message, Throwable cause) {
    return new CliException(Exit.OUTPUT, message, cause);
  }
}
