package dev.envelope.x509;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared test vectors (system property {@code envelope.vectors}, set by surefire). */
public final class Vectors {
  private Vectors() {}

  /** A file under the vectors folder; skips the test with a printed reason when it is absent. */
  public static Path file(String relative) {
    String dir = System.getProperty("envelope.vectors");
    boolean present = dir != null && Files.isDirectory(Path.of(dir));
    if (!present) {
      System.out.println("skipped: test vectors not found (envelope.vectors=" + dir + ")");
    }
    assumeTrue(present, "test vectors folder absent: " + dir);
    Path p = Path.of(dir).resolve(relative);
    assumeTrue(Files.exists(p), "vector file absent: " + p);
    return p;
  }
}
