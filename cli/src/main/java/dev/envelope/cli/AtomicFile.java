package dev.envelope.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Writes a file so that it appears whole or not at all (SECURITY.md, CLI expectation 1): the bytes
 * go to {@code .<name>.<random>.partial} beside the target (same directory, so the rename stays on
 * one file system; owner-only on POSIX, as {@link Files#createTempFile} creates it), are forced to
 * disk, and the file is renamed into place with {@code ATOMIC_MOVE}. The temporary file is deleted
 * on any failure, and by a shutdown hook when SIGINT or SIGTERM ends the process mid-write.
 */
final class AtomicFile {
  /** Temporary files being written right now, for the shutdown hook. */
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Path p : PENDING) {
                    try {
                      Files.deleteIfExists(p);
                    } catch (IOException | RuntimeException e) {
                      // the process is ending: nothing better to do than leave the named .partial
                    }
                  }
                },
                "envelope-partial-cleanup"));
  }

  private AtomicFile() {}

  /**
   * Writes {@code data} to {@code target}.
   *
   * @param replace whether an existing target may be replaced ({@code --force})
   * @throws CliException exit 5 when the file cannot be created, written or renamed, or exists
   *     without {@code replace}; exit 130 when the thread was interrupted
   */
  static void write(Path target, byte[] data, boolean replace) throws CliException {
    write(target, data, replace, UnaryOperator.identity());
  }

  /** As {@link #write(Path, byte[], boolean)}, with a seam around the channel for fault tests. */
  static void write(
      Path target, byte[] data, boolean replace, UnaryOperator<WritableByteChannel> channelWrapper)
      throws CliException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    String name = absolute.getFileName().toString();
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, "." + name + ".", ".partial");
    } catch (IOException e) {
      throw CliException.output("cannot create a file in " + dir + ": " + Io.reason(e), e);
    }
    PENDING.add(tmp);
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        WritableByteChannel out = channelWrapper.apply(channel);
        ByteBuffer buffer = ByteBuffer.wrap(data);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        channel.force(true);
      }
      // checked again just before the rename: the target may have appeared while we wrote
      if (!replace && Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
        throw CliException.output(
            "output file exists: " + target + " (use --force to replace it)", null);
      }
      Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
    } catch (ClosedByInterruptException e) {
      throw new CliException(Exit.INTERRUPTED, "interrupted while writing " + target, e);
    } catch (IOException e) {
      throw CliException.output("cannot write " + target + ": " + Io.reason(e), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // best effort; the shutdown hook tries again
      }
      PENDING.remove(tmp);
    }
  }
}
