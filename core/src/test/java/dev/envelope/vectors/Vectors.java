package dev.envelope.vectors;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared vector folder ({@code ../shared/vectors}, passed by surefire as the system property
 * {@code envelope.vectors}). Tests that need it are skipped, with the reason printed, when it is
 * absent; vectors are read in place and never copied into the repository.
 */
public final class Vectors {
  private Vectors() {}

  /** The folder, or a skipped test (JUnit assumption) when it is not there. */
  public static Path dir() {
    String p = System.getProperty("envelope.vectors");
    boolean present = p != null && !p.isBlank() && Files.isDirectory(Path.of(p));
    if (!present) {
      System.out.println(
          "SKIPPED: shared vectors not found (system property envelope.vectors=" + p + ")");
    }
    assumeTrue(present, "shared vectors folder not found: envelope.vectors=" + p);
    return Path.of(p);
  }

  /** A file under the folder, by its manifest path ({@code dotnet-runtime/keys/...}). */
  public static Path file(String relative) {
    return dir().resolve(relative);
  }

  public static byte[] read(String relative) {
    return read(file(relative));
  }

  public static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
