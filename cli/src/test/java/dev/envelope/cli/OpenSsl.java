package dev.envelope.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code openssl} on the machine, the peer the interoperability tests run against. */
final class OpenSsl {
  private static Boolean available;

  private OpenSsl() {}

  /** Skips the calling test, with a printed reason, when there is no openssl. */
  static synchronized void assumeAvailable() {
    if (available == null) {
      try {
        Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes()).strip();
        available = p.waitFor() == 0;
        System.out.println("interoperability peer: " + v);
      } catch (IOException e) {
        available = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        available = false;
      }
      if (!available) {
        System.out.println("SKIPPED: openssl is not on the PATH; interoperability tests skipped");
      }
    }
    assumeTrue(available, "openssl is not on the PATH");
  }

  /** Runs {@code openssl args...} in {@code dir}. */
  static Cli.Result run(Path dir, byte[] stdin, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    try {
      return Cli.runProcess(new ProcessBuilder(cmd).directory(dir.toFile()), stdin, 60);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Runs openssl and fails the test, with its stderr, unless it succeeds. */
  static Cli.Result ok(Path dir, byte[] stdin, String... args) {
    Cli.Result r = run(dir, stdin, args);
    if (r.code() != 0) {
      throw new AssertionError(
          "openssl " + String.join(" ", args) + " failed (" + r.code() + "): " + r.stderr());
    }
    return r;
  }

  static Cli.Result ok(Path dir, String... args) {
    return ok(dir, new byte[0], args);
  }
}
