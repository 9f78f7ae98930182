package dev.envelope;

import dev.envelope.io.AtomicOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Encrypted content kept aside so that several candidate keys can each be checked against all of it
 * before any plaintext is released: in memory for the byte[] API (already bounded by its limit) and
 * for small content, otherwise in an owner-only temporary file (so memory stays constant).
 */
abstract sealed class Spool implements AutoCloseable {

  /** Content up to this size stays in memory even for streams: a temporary file costs more. */
  static final int SMALL = 1 << 20;

  /** Copies {@code content} into a new spool. */
  static Spool of(InputStream content, boolean inMemory) throws IOException {
    if (inMemory) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      content.transferTo(out);
      return new Memory(out.toByteArray());
    }
    byte[] head = content.readNBytes(SMALL);
    if (head.length < SMALL) {
      return new Memory(head);
    }
    Path file = Files.createTempFile("envelope-", ".spool");
    AtomicOutput.deleteOnInterrupt(file); // SIGINT or SIGTERM must not leave it behind
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(head);
      content.transferTo(out);
      return new TempFile(file);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      AtomicOutput.forget(file);
      throw e;
    }
  }

  /** A fresh reader from the start. */
  abstract InputStream open() throws IOException;

  @Override
  public abstract void close() throws IOException;

  private static final class Memory extends Spool {
    private final byte[] data;

    Memory(byte[] data) {
      this.data = data;
    }

    @Override
    InputStream open() {
      return new ByteArrayInputStream(data);
    }

    @Override
    public void close() {}
  }

  private static final class TempFile extends Spool {
    private final Path file;

    TempFile(Path file) {
      this.file = file;
    }

    @Override
    InputStream open() throws IOException {
      return Files.newInputStream(file);
    }

    @Override
    public void close() throws IOException {
      Files.deleteIfExists(file);
      AtomicOutput.forget(file);
    }
  }
}
