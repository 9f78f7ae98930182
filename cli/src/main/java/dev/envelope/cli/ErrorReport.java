package dev.envelope.cli;

import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.channels.ClosedByInterruptException;
import java.security.GeneralSecurityException;

/**
 * Turns any failure into an exit code and exactly one line on stderr starting {@code envelope: }
 * (DESIGN.md); with {@code --debug}, the stack trace and cause chain follow. Without it, no stack
 * frame is ever printed, whatever was thrown.
 */
final class ErrorReport {
  private static final String PREFIX = "envelope: ";
  private static final int MAX_LINE = 1000;

  private ErrorReport() {}

  /** Prints the failure and returns its exit code. */
  static int report(Throwable t, boolean debug, PrintStream err) {
    int code = exitCode(t);
    err.println(PREFIX + oneLine(message(t)));
    if (debug) {
      t.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** Prints a usage error (exit 1) with where to find help. */
  static int usage(String message, String commandName, PrintStream err) {
    err.println(PREFIX + oneLine(message) + " (see '" + commandName + " --help')");
    err.flush();
    return Exit.USAGE;
  }

  static int exitCode(Throwable t) {
    return switch (t) {
      case CliException c -> c.exitCode();
      case EnvelopeException e -> e.exitCode();
      case InterruptedException i -> Exit.INTERRUPTED;
      case ClosedByInterruptException c -> Exit.INTERRUPTED;
      case InterruptedIOException i -> Exit.INTERRUPTED;
      // a key, certificate or key store the JCA refused
      case GeneralSecurityException g -> Exit.INPUT;
      case IOException io -> Exit.INPUT;
      case OutOfMemoryError o -> Exit.MESSAGE;
      default -> Exit.USAGE;
    };
  }

  private static String message(Throwable t) {
    return switch (t) {
      // the one fixed text, whatever the secret cause (SECURITY.md: no oracle)
      case DecryptionFailedException d -> DecryptionFailedException.MESSAGE;
      case CliException c -> c.getMessage();
      case EnvelopeException e -> e.getMessage();
      case InterruptedException i -> "interrupted";
      case ClosedByInterruptException c -> "interrupted";
      case InterruptedIOException i -> "interrupted";
      case OutOfMemoryError o -> "out of memory: the input is too large for the available heap";
      case GeneralSecurityException g -> g.getMessage();
      case IOException io -> Io.reason(io);
      default ->
          "internal error: "
              + t.getClass().getName()
              + (t.getMessage() == null ? "" : ": " + t.getMessage())
              + " (run with --debug for details)";
    };
  }

  /** Control characters and line breaks (from file names or messages) must not split the line. */
  static String oneLine(String text) {
    if (text == null || text.isBlank()) {
      return "failed";
    }
    StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_LINE + 3));
    for (int i = 0; i < text.length() && b.length() < MAX_LINE; i++) {
      char c = text.charAt(i);
      b.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : Character.isISOControl(c) ? '?' : c);
    }
    if (b.length() >= MAX_LINE && text.length() > MAX_LINE) {
      b.append("...");
    }
    return b.toString().strip();
  }
}
