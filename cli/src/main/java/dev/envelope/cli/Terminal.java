package dev.envelope.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the tool may know about the user's terminal: whether standard output is one (to choose PEM
 * over binary DER), and a no-echo password prompt. Tests replace it; {@link #system()} is the real
 * one.
 */
interface Terminal {

  /** Whether standard output is an interactive terminal. */
  boolean stdoutIsTerminal();

  /** Whether standard error is an interactive terminal (for the progress bar). */
  default boolean stderrIsTerminal() {
    return false;
  }

  /**
   * Asks for a password without echo.
   *
   * @return the password, or null when no interactive console is attached (or input ended)
   */
  char[] readPassword(String prompt);

  /** No terminal at all: what scripts and tests see. */
  static Terminal none() {
    return new Terminal() {
      @Override
      public boolean stdoutIsTerminal() {
        return false;
      }

      @Override
      public char[] readPassword(String prompt) {
        return null;
      }
    };
  }

  /** The process's own console. */
  static Terminal system() {
    return new Terminal() {
      @Override
      public boolean stdoutIsTerminal() {
        Boolean tty = isTty(1);
        return tty != null ? tty : interactiveConsole() != null;
      }

      @Override
      public boolean stderrIsTerminal() {
        Boolean tty = isTty(2);
        return tty != null && tty;
      }

      @Override
      public char[] readPassword(String prompt) {
        Console c = interactiveConsole();
        return c == null ? null : c.readPassword("%s", prompt);
      }
    };
  }

  /**
   * Whether a file descriptor is a terminal, from the file Linux names behind it (/dev/pts/N or
   * /dev/ttyN); null where that cannot be told.
   */
  private static Boolean isTty(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    if (!Files.isSymbolicLink(link)) {
      return null;
    }
    try {
      String target = Files.readSymbolicLink(link).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (java.io.IOException | SecurityException e) {
      return null;
    }
  }

  /**
   * The console when it is a real terminal. Since JDK 22 {@link System#console()} returns a console
   * even when the streams are redirected, and prompting then would read the message from standard
   * input; {@code Console.isTerminal()} (JDK 22) tells, looked up reflectively because the tool is
   * compiled for Java 21, where a non-null console already means a terminal.
   */
  private static Console interactiveConsole() {
    Console c = System.console();
    if (c == null) {
      return null;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(c)) ? c : null;
    } catch (NoSuchMethodException e) {
      return c;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
