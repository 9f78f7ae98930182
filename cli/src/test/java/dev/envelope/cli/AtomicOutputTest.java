package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY.md #33 at the command's edge: write failures are exit 5. (Whole-or-nothing output is
 * tested on the library's AtomicOutput, in core.)
 */
class AtomicOutputTest {
  @TempDir Path dir;

  private long partials() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".partial")).count();
    }
  }

  @Test
  void anUnwritableDirectoryIs5() throws Exception {
    Path ro = Files.createDirectory(dir.resolve("ro"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-x------"));
    // root writes anywhere permissions say no; /proc refuses new files even to root
    Path unwritable =
        "root".equals(System.getProperty("user.name")) && Files.isDirectory(Path.of("/proc/self"))
            ? Path.of("/proc/self")
            : ro;
    try {
      assertThatThrownBy(() -> Io.writeFile(unwritable.resolve("out"), new byte[1], false))
          .isInstanceOfSatisfying(
              CliException.class, e -> assertThat(e.exitCode()).isEqualTo(Exit.OUTPUT));
      assertThat(unwritable.resolve("out")).doesNotExist();
    } finally {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIs5() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> Io.writeFile(file.resolve("out"), new byte[1], false))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(Exit.OUTPUT));
  }
}
