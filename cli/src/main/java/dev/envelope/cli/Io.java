package dev.envelope.cli;

import dev.envelope.error.LimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Input and output of the commands: {@code -} or nothing means standard input or output; files are
 * read whole, up to the in-memory limit, and written through {@link AtomicFile}.
 */
final class Io {
  private Io() {}

  /** Whether a file argument means standard input or output. */
  static boolean isStandard(String arg) {
    return arg == null || arg.equals("-");
  }

  /** How an input argument is named in messages. */
  static String describe(String arg) {
    return isStandard(arg) ? "standard input" : arg;
  }

  /**
   * Reads the input whole, refusing more than {@code max} bytes before they are all in memory.
   *
   * @throws CliException exit 2 when the file cannot be read
   * @throws LimitExceededException exit 3 when the input is larger than {@code max}
   */
  static byte[] readInput(String arg, InputStream stdin, long max)
      throws CliException, LimitExceededException {
    if (isStandard(arg)) {
      return readBounded(stdin, max, "standard input");
    }
    Path file = Path.of(arg);
    if (Files.isDirectory(file)) {
      throw CliException.input("cannot read input " + arg + ": it is a directory", null);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return readBounded(in, max, arg);
    } catch (IOException e) {
      throw CliException.input("cannot read input " + arg + ": " + reason(e), e);
    }
  }

  private static byte[] readBounded(InputStream in, long max, String name)
      throws CliException, LimitExceededException {
    int cap = (int) Math.min(max, Integer.MAX_VALUE - 16);
    byte[] data;
    try {
      data = in.readNBytes(cap + 1);
    } catch (IOException e) {
      throw CliException.input("cannot read " + name + ": " + reason(e), e);
    }
    if (data.length > cap) {
      throw new LimitExceededException(
          "limit exceeded: maxInMemory: "
              + name
              + " is larger than "
              + cap
              + " bytes (streaming of larger messages comes in a later version)");
    }
    return data;
  }

  /**
   * Checks an output file before anything is read or decrypted (SECURITY.md, CLI expectation 2):
   * never the input itself (also through a symbolic or hard link), never a directory, never an
   * existing file without {@code force}.
   *
   * @return the target, or null for standard output
   * @throws CliException exit 5
   */
  static Path checkOutput(String outArg, String inArg, boolean force) throws CliException {
    if (isStandard(outArg)) {
      return null;
    }
    Path out = Path.of(outArg);
    if (!isStandard(inArg) && Files.exists(out)) {
      try {
        if (Files.isSameFile(Path.of(inArg), out)) {
          throw CliException.output(
              "refusing to write over the input: " + outArg + " is the same file as " + inArg,
              null);
        }
      } catch (IOException e) {
        // the input's own failure is reported when it is read
      }
    }
    if (Files.isDirectory(out)) {
      throw CliException.output("output " + outArg + " is a directory", null);
    }
    if (!force && Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      throw CliException.output(
          "output file exists: " + outArg + " (use --force to replace it)", null);
    }
    Path dir = out.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw CliException.output("cannot write " + outArg + ": no such directory " + dir, null);
    }
    return out;
  }

  /**
   * Writes the result: atomically to a file, or to standard output in one piece.
   *
   * @param target from {@link #checkOutput}, null for standard output
   * @throws CliException exit 5 when it cannot be written
   */
  static void writeOutput(Path target, byte[] data, boolean force, PrintStream stdout)
      throws CliException {
    if (target != null) {
      AtomicFile.write(target, data, force);
      return;
    }
    stdout.write(data, 0, data.length);
    stdout.flush();
    // PrintStream hides IOExceptions (a closed pipe, a full disk) behind this flag
    if (stdout.checkError()) {
      throw CliException.output("cannot write to standard output", null);
    }
  }

  /** A short reason: the JDK's file exceptions often carry only the path as their message. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "file exists";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
