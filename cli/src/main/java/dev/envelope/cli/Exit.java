package dev.envelope.cli;

/**
 * The exit codes of the command-line contract (DESIGN.md): scripts depend on them, so they never
 * change meaning.
 */
final class Exit {
  static final int OK = 0;
  static final int USAGE = 1;

  /** An input, key, key store, certificate or password could not be read. */
  static final int INPUT = 2;

  /** Malformed or unsupported message, or a limit exceeded. */
  static final int MESSAGE = 3;

  /** Decryption or authentication failed, whatever the secret cause. */
  static final int DECRYPTION = 4;

  /** The output could not be created, written or renamed into place. */
  static final int OUTPUT = 5;

  /** Interrupted (SIGINT gives 128 + 2). */
  static final int INTERRUPTED = 130;

  private Exit() {}
}
