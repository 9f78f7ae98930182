package dev.envelope.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY.md #34 at the library's edge: a target that exists but is not a regular file (a named
 * pipe, a device such as /dev/null, /dev/stdout) must be refused, not replaced by the renamed
 * temporary file. Found through the command line (issue 6 item 5), where {@code envelope decrypt m
 * -o /dev/stdout --force} run as root replaced the /dev/stdout link with a regular file of
 * plaintext; the CLI refuses such outputs itself (Io.checkOutput), and AtomicOutput now does too,
 * for {@code Opener.decrypt(Path, Path, KeySource, true)} and other library callers.
 */
class AtomicOutputSpecialFileTest {
  @TempDir Path dir;

  @Test
  void aPipeIsRefusedAndNotReplaced() throws Exception {
    Path fifo = dir.resolve("fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    Assumptions.assumeTrue(mk.waitFor() == 0, "no mkfifo");
    assertThatThrownBy(
            () -> {
              try (AtomicOutput out = AtomicOutput.create(fifo, true)) {
                out.stream().write(new byte[] {1, 2, 3});
                out.commit();
              }
            })
        .isInstanceOf(IOException.class);
    assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.isRegularFile(fifo)).as("the pipe was replaced by a regular file").isFalse();
  }
}
