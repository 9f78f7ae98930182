package dev.envelope.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code openssl} binary on the machine (3.0 on the development machines), as a peer.
 * Tests that need it are skipped, with the reason printed, when it is not on the PATH.
 */
public final class Openssl {
  private Openssl() {}

  private static final Optional<Path> BINARY = find();

  /** The outcome of one run. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** Fails with the command's output when it did not exit 0. */
    public Result orThrow() {
      if (exitCode != 0) {
        throw new AssertionError("openssl exited " + exitCode + ": " + stderr + stdout);
      }
      return this;
    }
  }

  private static Optional<Path> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, "openssl");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  public static boolean available() {
    return BINARY.isPresent();
  }

  /** Skips the calling test (or class, from {@code @BeforeAll}) when there is no openssl. */
  public static void assumeAvailable() {
    if (!available()) {
      System.out.println("SKIPPED: no openssl binary on the PATH");
    }
    assumeTrue(available(), "no openssl binary on the PATH");
  }

  /** Runs {@code openssl args...} in {@code dir}; output is captured in files, never a pipe. */
  public static Result run(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY.orElseThrow().toString());
    cmd.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(dir, "openssl", ".out");
      Path err = Files.createTempFile(dir, "openssl", ".err");
      Process p =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("openssl did not finish in 60 s: " + cmd);
      }
      Result r =
          new Result(
              p.exitValue(),
              Files.readString(out, StandardCharsets.ISO_8859_1),
              Files.readString(err, StandardCharsets.ISO_8859_1));
      Files.delete(out);
      Files.delete(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
