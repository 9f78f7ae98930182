package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECURITY.md #33: output appears whole or not at all, and no temporary file stays behind. */
class AtomicOutputTest {
  @TempDir Path dir;

  private long partials() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".partial")).count();
    }
  }

  /** A channel that fails once half of {@code total} bytes went through. */
  static WritableByteChannel failingAtHalf(WritableByteChannel inner, int total) {
    return new WritableByteChannel() {
      int written;

      @Override
      public int write(ByteBuffer src) throws IOException {
        if (written >= total / 2) {
          throw new IOException("No space left on device");
        }
        ByteBuffer half = src.slice().limit(Math.min(src.remaining(), total / 2 - written));
        int n = inner.write(half);
        src.position(src.position() + n);
        written += n;
        return n;
      }

      @Override
      public boolean isOpen() {
        return inner.isOpen();
      }

      @Override
      public void close() throws IOException {
        inner.close();
      }
    };
  }

  @Test
  void anIoErrorHalfwayLeavesNothing() throws IOException {
    Path target = dir.resolve("out.bin");
    byte[] data = new byte[1 << 20];
    assertThatThrownBy(
            () -> AtomicFile.write(target, data, false, ch -> failingAtHalf(ch, data.length)))
        .isInstanceOfSatisfying(
            CliException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(Exit.OUTPUT);
              assertThat(e.getMessage()).contains("No space left on device");
            });
    assertThat(target).doesNotExist();
    assertThat(partials()).isZero();
  }

  @Test
  void anIoErrorHalfwayLeavesAnExistingTargetAsItWas() throws IOException {
    Path target = dir.resolve("out.bin");
    Files.writeString(target, "before");
    byte[] data = new byte[4096];
    assertThatThrownBy(
            () -> AtomicFile.write(target, data, true, ch -> failingAtHalf(ch, data.length)))
        .isInstanceOf(CliException.class);
    assertThat(target).hasContent("before");
    assertThat(partials()).isZero();
  }

  @Test
  void successIsOwnerOnlyAndComplete() throws Exception {
    Path target = dir.resolve("out.bin");
    byte[] data = new byte[100_000];
    new java.util.Random(1).nextBytes(data);
    AtomicFile.write(target, data, false);
    assertThat(target).hasBinaryContent(data);
    assertThat(partials()).isZero();
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
          .isEqualTo("rw-------");
    }
    // without force an existing file stays; with force it is replaced
    assertThatThrownBy(() -> AtomicFile.write(target, new byte[1], false))
        .isInstanceOf(CliException.class);
    assertThat(target).hasBinaryContent(data);
    AtomicFile.write(target, new byte[] {7}, true);
    assertThat(target).hasBinaryContent(new byte[] {7});
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
      assertThatThrownBy(() -> AtomicFile.write(unwritable.resolve("out"), new byte[1], false))
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
    assertThatThrownBy(() -> AtomicFile.write(file.resolve("out"), new byte[1], false))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(Exit.OUTPUT));
  }
}
