package dev.envelope.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A file that appears whole or not at all (SECURITY.md #33): bytes go to a temporary file in the
 * target's directory (same file system, owner-only permissions where POSIX applies), and {@link
 * #commit} forces them to disk and renames the file into place atomically. {@link #close} without a
 * commit deletes the temporary file, and so does a shutdown hook on SIGINT or SIGTERM; only a
 * SIGKILL can leave one behind, named {@code .NAME.RANDOM.partial}.
 *
 * <pre>{@code
 * try (AtomicOutput out = AtomicOutput.create(target, false)) {
 *   write(out.stream());
 *   out.commit();
 * }
 * }</pre>
 */
public final class AtomicOutput implements AutoCloseable {
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Path p : PENDING) {
                    try {
                      Files.deleteIfExists(p);
                    } catch (IOException e) {
                      // nothing more can be done while the JVM exits
                    }
                  }
                },
                "envelope-partial-cleanup"));
  }

  /**
   * Has {@code file} (a temporary file of the caller's, such as the ciphertext kept aside while
   * several keys are tried) deleted by the same shutdown hook as the partial files, should the JVM
   * stop on SIGINT or SIGTERM before the caller deletes it and calls {@link #forget}.
   */
  public static void deleteOnInterrupt(Path file) {
    PENDING.add(file);
  }

  /** Ends {@link #deleteOnInterrupt} for {@code file} (after the caller deleted it). */
  public static void forget(Path file) {
    PENDING.remove(file);
  }

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final OutputStream stream;
  private final boolean overwrite;
  private boolean done;

  private AtomicOutput(Path target, Path temp, FileChannel channel, boolean overwrite) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    this.stream = new Syncing(Channels.newOutputStream(channel));
    this.overwrite = overwrite;
  }

  /** Bytes after which written data is pushed to disk in the background. */
  private static final long SYNC_EVERY = 64L << 20;

  /**
   * Starts pushing written data to disk every {@link #SYNC_EVERY} bytes, on another thread, so that
   * the force before the rename finds little left to do: for 1 GiB on this project's machines that
   * final force alone took about 2 s, as long as decrypting.
   */
  private final class Syncing extends java.io.FilterOutputStream {
    private long sinceSync;
    private Thread syncer;

    Syncing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      sinceSync += len;
      if (sinceSync >= SYNC_EVERY && (syncer == null || !syncer.isAlive())) {
        sinceSync = 0;
        syncer =
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        channel.force(false);
                      } catch (IOException e) {
                        // the force in commit() reports it
                      }
                    });
      }
    }

    void awaitSync() throws IOException {
      if (syncer != null) {
        try {
          syncer.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while syncing " + target);
        }
      }
    }
  }

  /**
   * Starts writing {@code target}.
   *
   * @param overwrite whether an existing file may be replaced
   * @throws FileAlreadyExistsException when it exists and {@code overwrite} is false
   * @throws IOException when it is a directory or its directory is not writable
   */
  public static AtomicOutput create(Path target, boolean overwrite) throws IOException {
    Path abs = target.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      throw new IOException(target + " is a directory");
    }
    if (!overwrite && Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString(), null, "exists (use --force)");
    }
    // a rename would replace a pipe, a device or /dev/stdout itself with a regular file
    if (Files.exists(abs) && !Files.isRegularFile(abs)) {
      throw new IOException(target + " is not a regular file (a pipe or a device)");
    }
    Path dir = abs.getParent();
    Path temp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".partial");
    PENDING.add(temp);
    try {
      FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
      return new AtomicOutput(abs, temp, ch, overwrite);
    } catch (IOException | RuntimeException e) {
      PENDING.remove(temp);
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /** Where to write; closing it is not needed (commit and close do). */
  public OutputStream stream() {
    return stream;
  }

  /** The file being replaced or created. */
  public Path target() {
    return target;
  }

  /** Forces the bytes to disk and renames the file into place. */
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("already committed or closed");
    }
    ((Syncing) stream).awaitSync();
    channel.force(true);
    channel.close();
    if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString(), null, "exists (use --force)");
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      if (!overwrite && Files.exists(target)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    done = true;
    PENDING.remove(temp);
  }

  /** Deletes the temporary file unless {@link #commit} succeeded. */
  @Override
  public void close() throws IOException {
    if (done) {
      return;
    }
    done = true;
    try {
      channel.close();
    } finally {
      Files.deleteIfExists(temp);
      PENDING.remove(temp);
    }
  }
}
