package dev.envelope.cli;

import dev.envelope.error.EnvelopeIOException;
import dev.envelope.io.AtomicOutput;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Input and output of the commands: {@code -} or nothing means standard input or output; both are
 * streamed, and files are written through {@link AtomicOutput} (whole or not at all).
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
   * An input opened for streaming.
   *
   * @param size its length in bytes when known (a regular file), else -1
   */
  record Input(InputStream stream, long size, String name) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      stream.close();
    }
  }

  /**
   * Opens the input. Read failures later surface as {@link InputFailure} (exit 2), so that they are
   * told apart from output failures (exit 5).
   *
   * @throws CliException exit 2 when it cannot be opened
   */
  static Input openInput(String arg, InputStream stdin) throws CliException {
    if (isStandard(arg)) {
      return new Input(new Tagged(stdin, "standard input", false), -1, "standard input");
    }
    Path file = Path.of(arg);
    if (Files.isDirectory(file)) {
      throw CliException.input("cannot read input " + arg + ": it is a directory", null);
    }
    try {
      long size = Files.isRegularFile(file) ? Files.size(file) : -1;
      return new Input(new Tagged(Files.newInputStream(file), arg, true), size, arg);
    } catch (IOException e) {
      throw CliException.input("cannot read input " + arg + ": " + reason(e), e);
    }
  }

  /**
   * The stream of the CMS message in {@code in}, the one input path of every command that reads a
   * message: an S/MIME mail message or MIME entity (a first line that is a header field) is opened
   * down to its {@code application/pkcs7-mime} body by {@link SmimeInput}; anything else (DER, BER,
   * PEM, Base64) passes through for the library's own detection.
   *
   * @throws CliException exit 3 when the input is MIME without an encrypted S/MIME entity
   */
  static InputStream message(InputStream in, String name) throws CliException, IOException {
    BufferedInputStream b = new BufferedInputStream(in, 8192);
    b.mark(SmimeInput.LOOKAHEAD);
    byte[] head = new byte[SmimeInput.LOOKAHEAD];
    int n = 0;
    int c;
    while (n < head.length && (c = b.read()) >= 0) {
      head[n++] = (byte) c;
      if (c == '\n') {
        break;
      }
    }
    b.reset();
    return SmimeInput.looksLikeMime(head, n) ? SmimeInput.open(b, name) : b;
  }

  /** The input is not a well-formed message at a layer below CMS (MIME): exit 3. */
  static final class MalformedInput extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedInput(String message, IOException cause) {
      super(message, cause);
    }
  }

  /** A read failure of the input, kept apart from write failures. */
  static final class InputFailure extends IOException {
    private static final long serialVersionUID = 1L;

    InputFailure(String name, IOException cause) {
      super("cannot read " + name + ": " + reason(cause), cause);
    }
  }

  /** Marks read failures as {@link InputFailure}; closes the file but never standard input. */
  private static final class Tagged extends FilterInputStream {
    private final String name;
    private final boolean owned;

    Tagged(InputStream in, String name, boolean owned) {
      super(in);
      this.name = name;
      this.owned = owned;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw e instanceof InputFailure ? e : new InputFailure(name, e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw e instanceof InputFailure ? e : new InputFailure(name, e);
      }
    }

    @Override
    public void close() throws IOException {
      if (owned) {
        super.close();
      }
    }
  }

  /** Why standard output failed: {@link PrintStream} keeps the cause to itself. */
  private static final String STDOUT_FAILED = "the pipe was closed or the device is full";

  /**
   * Standard output as a stream that reports failures (a closed pipe, a full disk), which {@link
   * PrintStream} would hide, and that is never closed.
   */
  static OutputStream stdout(PrintStream out) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        if (out.checkError()) {
          throw new IOException(STDOUT_FAILED);
        }
      }

      @Override
      public void flush() throws IOException {
        out.flush();
        if (out.checkError()) {
          throw new IOException(STDOUT_FAILED);
        }
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  /** Keeps {@code out} open when the stream written through it is closed. */
  static OutputStream nonClosing(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }

  /**
   * Writes a small file whole or not at all.
   *
   * @throws CliException exit 5 when it cannot be written
   */
  static void writeFile(Path target, byte[] data, boolean force) throws CliException {
    try (AtomicOutput out = AtomicOutput.create(target, force)) {
      out.stream().write(data);
      out.commit();
    } catch (IOException e) {
      throw CliException.output("cannot write " + target + ": " + reason(e), e);
    }
  }

  /**
   * Maps a failure while streaming: the library's own (wrapped for streams), the input's (exit 2),
   * anything else while writing (exit 5).
   */
  static Exception streamFailure(IOException e, String output) {
    if (e instanceof EnvelopeIOException w) {
      return w.envelopeException();
    }
    if (e instanceof InputFailure) {
      return CliException.input(e.getMessage(), e);
    }
    if (e instanceof MalformedInput) {
      return new CliException(Exit.MESSAGE, e.getMessage(), e);
    }
    if (e instanceof java.nio.channels.ClosedByInterruptException
        || e instanceof java.io.InterruptedIOException) {
      return e;
    }
    return CliException.output("cannot write " + output + ": " + reason(e), e);
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
    // a pipe, a device, /dev/stdout: the temporary file would be renamed over it (as root, over
    // /dev/null itself), and the bytes would never reach the reader
    if (Files.exists(out) && !Files.isRegularFile(out)) {
      throw CliException.output(
          "output "
              + outArg
              + " is not a regular file (a pipe or a device): give '-' for standard output and"
              + " redirect it",
          null);
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
