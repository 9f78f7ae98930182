package dev.envelope.cli;

import dev.envelope.io.AtomicOutput;
import java.nio.file.Path;

/**
 * A child-process main for the SIGTERM test: writes half a megabyte through {@link AtomicOutput},
 * says {@code HALF} on stdout, and then stalls, so that the test can signal it mid-write.
 */
final class SlowWriter {
  private SlowWriter() {}

  public static void main(String[] args) throws Exception {
    try (AtomicOutput out = AtomicOutput.create(Path.of(args[0]), false)) {
      out.stream().write(new byte[1 << 19]);
      System.out.println("HALF");
      System.out.flush();
      Thread.sleep(120_000);
      out.commit();
    }
  }
}
