package dev.envelope.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;

/**
 * Where a password (or PIN) comes from, as written on the command line: {@code env:VAR}, {@code
 * file:PATH} (its first line) or {@code pass:TEXT}. Kept unresolved until needed, so that a file or
 * variable is read only when a key actually asks for it. Callers zero what {@link #resolve}
 * returns.
 *
 * @param kind {@code env}, {@code file} or {@code pass}
 * @param value the variable name, path or text
 */
record PasswordSpec(String kind, String value) {

  /** A password file longer than this is not a password file. */
  private static final int MAX_FILE_BYTES = 64 * 1024;

  static final String FORMS = "env:VAR, file:PATH or pass:TEXT";

  /** Parses the option text; picocli turns the failure into a usage error (exit 1). */
  static PasswordSpec parse(String text) {
    int colon = text.indexOf(':');
    String kind = colon < 0 ? "" : text.substring(0, colon);
    if (!kind.equals("env") && !kind.equals("file") && !kind.equals("pass")) {
      // never echo the text: it may be a password typed without its prefix
      throw new CommandLine.TypeConversionException("expected " + FORMS);
    }
    return new PasswordSpec(kind, text.substring(colon + 1));
  }

  /**
   * The password.
   *
   * @param what names the password in error messages ("the store password of a.p12")
   * @throws CliException exit 2 when the variable is unset or the file cannot be read
   */
  char[] resolve(String what) throws CliException {
    return resolve(what, System.getenv());
  }

  /**
   * The password, reading {@code env:} variables from {@code env} (the command's {@link
   * Context#env}).
   *
   * @see #resolve(String)
   */
  char[] resolve(String what, Map<String, String> env) throws CliException {
    return switch (kind) {
      case "pass" -> value.toCharArray();
      case "env" -> {
        String v = env.get(value);
        if (v == null) {
          throw CliException.input(
              "cannot read " + what + ": environment variable " + value + " is not set", null);
        }
        yield v.toCharArray();
      }
      case "file" -> firstLine(Path.of(value), what);
      default -> throw new IllegalStateException(kind);
    };
  }

  /**
   * The password from a spec, or from a no-echo prompt when there is no spec, or null when there is
   * neither (no terminal attached).
   */
  static char[] resolveOrPrompt(PasswordSpec spec, String what, Terminal terminal)
      throws CliException {
    if (spec != null) {
      return spec.resolve(what);
    }
    return terminal.readPassword("Enter " + what + ": ");
  }

  /**
   * As {@link #resolveOrPrompt(PasswordSpec, String, Terminal)}, reading {@code env:} variables
   * from {@code env}.
   */
  static char[] resolveOrPrompt(
      PasswordSpec spec, String what, Terminal terminal, Map<String, String> env)
      throws CliException {
    if (spec != null) {
      return spec.resolve(what, env);
    }
    return terminal.readPassword("Enter " + what + ": ");
  }

  /** The first line, without its line end, as OpenSSL reads {@code file:} passwords. */
  private static char[] firstLine(Path file, String what) throws CliException {
    byte[] bytes = null;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw CliException.input(
            "cannot read " + what + ": " + file + " is larger than " + MAX_FILE_BYTES + " bytes",
            null);
      }
      int end = 0;
      while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
        end++;
      }
      return decode(ByteBuffer.wrap(bytes, 0, end), file, what);
    } catch (NoSuchFileException e) {
      throw CliException.input("cannot read " + what + ": no such file: " + file, e);
    } catch (IOException e) {
      throw CliException.input("cannot read " + what + " from " + file + ": " + e.getMessage(), e);
    } finally {
      if (bytes != null) {
        Arrays.fill(bytes, (byte) 0);
      }
    }
  }

  /** UTF-8 to chars without passing through a String, so that the copy can be zeroed. */
  private static char[] decode(ByteBuffer bytes, Path file, String what) throws CliException {
    CharBuffer chars = null;
    try {
      chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes);
      char[] out = new char[chars.remaining()];
      chars.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw CliException.input("cannot read " + what + ": " + file + " is not UTF-8 text", e);
    } finally {
      if (chars != null && chars.hasArray()) {
        Arrays.fill(chars.array(), '\0');
      }
    }
  }

  @Override
  public String toString() {
    // picocli and debug output may print options: never the text of pass:
    return kind + ":" + (kind.equals("pass") ? "***" : value);
  }
}
