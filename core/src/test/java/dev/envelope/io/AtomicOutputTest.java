package dev.envelope.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
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

  @Test
  void aFailureHalfwayLeavesNothing() throws IOException {
    Path target = dir.resolve("out.bin");
    assertThatThrownBy(
            () -> {
              try (AtomicOutput out = AtomicOutput.create(target, false)) {
                out.stream().write(new byte[1 << 19]);
                assertThat(partials()).isOne();
                throw new IOException("No space left on device");
              }
            })
        .hasMessage("No space left on device");
    assertThat(target).doesNotExist();
    assertThat(partials()).isZero();
  }

  @Test
  void aFailureHalfwayLeavesAnExistingTargetAsItWas() throws IOException {
    Path target = Files.writeString(dir.resolve("out.bin"), "before");
    try (AtomicOutput out = AtomicOutput.create(target, true)) {
      out.stream().write(new byte[4096]);
    }
    assertThat(target).hasContent("before");
    assertThat(partials()).isZero();
  }

  @Test
  void successIsOwnerOnlyCompleteAndRespectsForce() throws Exception {
    Path target = dir.resolve("out.bin");
    byte[] data = new byte[100_000];
    new Random(1).nextBytes(data);
    try (AtomicOutput out = AtomicOutput.create(target, false)) {
      out.stream().write(data);
      assertThat(target).doesNotExist();
      out.commit();
    }
    assertThat(target).hasBinaryContent(data);
    assertThat(partials()).isZero();
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
          .isEqualTo("rw-------");
    }
    assertThatThrownBy(() -> AtomicOutput.create(target, false))
        .isInstanceOf(FileAlreadyExistsException.class);
    try (AtomicOutput out = AtomicOutput.create(target, true)) {
      out.stream().write(7);
      out.commit();
    }
    assertThat(target).hasBinaryContent(new byte[] {7});
  }

  @Test
  void aTargetThatAppearsMeanwhileIsNotReplacedWithoutForce() throws Exception {
    Path target = dir.resolve("out.bin");
    try (AtomicOutput out = AtomicOutput.create(target, false)) {
      out.stream().write(1);
      Files.writeString(target, "theirs");
      assertThatThrownBy(out::commit).isInstanceOf(FileAlreadyExistsException.class);
    }
    assertThat(target).hasContent("theirs");
    assertThat(partials()).isZero();
  }

  @Test
  void aDirectoryIsRefused() {
    assertThatThrownBy(() -> AtomicOutput.create(dir, true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is a directory");
  }
}
