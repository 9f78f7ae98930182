package dev.envelope.store;

import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads a whole, bounded file, with one-line errors that name it. */
final class SourceFiles {
  private SourceFiles() {}

  /**
   * The file's bytes. The caller zeroes them when they hold a key.
   *
   * @throws KeySourceException when the file is missing, a directory or unreadable
   * @throws LimitExceededException when it is larger than {@code limits.maxFileBytes()}
   */
  static byte[] read(Path file, StoreLimits limits)
      throws KeySourceException, LimitExceededException {
    try {
      if (Files.isDirectory(file)) {
        throw new KeySourceException(file + " is a directory, not a file");
      }
      long max = limits.maxFileBytes();
      try (InputStream in = Files.newInputStream(file)) {
        // read at most max + 1 bytes: the size a file claims is not trusted (pipes, /proc)
        byte[] data = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 16));
        if (data.length > max) {
          Arrays.fill(data, (byte) 0);
          throw new LimitExceededException(
              "limit exceeded: maxFileBytes: " + file + " is larger than " + max + " bytes");
        }
        return data;
      }
    } catch (NoSuchFileException e) {
      throw new KeySourceException(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new KeySourceException(file + ": permission denied", e);
    } catch (IOException e) {
      throw new KeySourceException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
