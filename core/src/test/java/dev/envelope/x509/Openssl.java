package dev.envelope.x509;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command on the machine, as an independent oracle. */
public final class Openssl {
  private static Boolean available;

  private Openssl() {}

  /** The result of one run: exit code and the two output streams. */
  public record Result(int exitCode, String stdout, String stderr) {
    public Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("openssl failed (" + exitCode + "): " + stderr + stdout);
      }
      return this;
    }
  }

  /** Skips the calling test (with a printed reason) when openssl is not installed. */
  public static void assumeAvailable() {
    if (available == null) {
      try {
        available = run(Path.of("."), "version").exitCode() == 0;
      } catch (RuntimeException e) {
        available = false;
      }
    }
    if (!available) {
      System.out.println("skipped: no openssl on the PATH");
    }
    assumeTrue(available, "openssl is not installed");
  }

  /** Runs {@code openssl args...} in {@code dir}. */
  public static Result run(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Path errFile = null;
    try {
      // stderr goes to a file so that a full pipe on one stream cannot block the other
      errFile = Files.createTempFile("openssl", ".err");
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectError(errFile.toFile())
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("openssl timed out: " + command);
      }
      return new Result(
          p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(errFile));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    } finally {
      if (errFile != null) {
        errFile.toFile().delete();
      }
    }
  }
}
