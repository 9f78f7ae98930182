package dev.envelope.store;

import dev.envelope.error.EnvelopeException;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.io.AtomicOutput;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One PKCS #12 file on disk, read and replaced safely: every change happens under an exclusive lock
 * on a sidecar file ({@code NAME.lock}), re-reads the file under the lock so that no other writer's
 * change is lost, and replaces the file atomically through {@link AtomicOutput} (a temporary file
 * in the same directory, forced to disk, then renamed), so a crash leaves the previous file whole.
 *
 * <p>The operating system's file lock is per process, and on POSIX closing any channel on the lock
 * file drops all of the process's locks on it; so threads of one process first queue on an
 * in-process lock and only the holder opens, locks and closes the lock file.
 */
final class StoreFile {
  /** How long a writer waits for another process to finish before giving up. */
  static final long LOCK_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(2);

  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path file;
  private final Path lockFile;
  private final StoreLimits limits;

  /** A change to the loaded store; returns whether it changed anything (false: nothing written). */
  @FunctionalInterface
  interface Change {
    boolean apply(KeyStore store) throws EnvelopeException;
  }

  StoreFile(Path file, StoreLimits limits) {
    this.file = file.toAbsolutePath().normalize();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.limits = limits;
  }

  Path path() {
    return file;
  }

  /**
   * The store as it is on disk now; an absent file is an empty store (nothing is created).
   *
   * @throws KeySourceException "wrong password for store FILE", or the file is not PKCS #12
   */
  KeyStore load(char[] password) throws KeySourceException, LimitExceededException {
    if (!Files.exists(file)) {
      return empty();
    }
    byte[] data = SourceFiles.read(file, limits);
    try {
      if (!KeyStoreFiles.detectType(data, file.toString()).equals("PKCS12")) {
        throw new KeySourceException(file + ": not a PKCS #12 store");
      }
      return KeyStoreFiles.load(data, file.toString(), password, limits);
    } catch (KeySourceException e) {
      if (e.getCause() instanceof IOException io
          && io.getCause() instanceof UnrecoverableKeyException) {
        throw new KeySourceException("wrong password for store " + file, io);
      }
      throw e;
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  static KeyStore empty() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the JDK always provides PKCS12 key stores", e);
    }
  }

  /**
   * Under the lock: loads the file, applies the change and, when it changed something, writes the
   * file. Returns the store as it now is on disk. When the password is wrong or the change throws,
   * nothing is written.
   *
   * @throws IOException when the directory, the lock or the new file cannot be made
   */
  KeyStore update(char[] password, Change change) throws EnvelopeException, IOException {
    createDirectory();
    Path key = file.getParent().toRealPath().resolve(lockFile.getFileName());
    ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOCK_TIMEOUT_MILLIS);
    try {
      if (!local.tryLock(LOCK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        throw locked();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for the lock on " + file);
    }
    try (FileChannel channel = openLockFile();
        FileLock lock = acquire(channel, deadline)) {
      KeyStore store = load(password);
      if (change.apply(store)) {
        write(store, password);
      }
      return store;
    } finally {
      local.unlock();
    }
  }

  private void write(KeyStore store, char[] password) throws IOException {
    try (AtomicOutput out = AtomicOutput.create(file, true)) {
      store.store(out.stream(), password);
      out.commit();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the store " + file + ": " + e.getMessage(), e);
    }
    forceDirectory();
  }

  /** Creates the store's directory, owner-only, when it does not exist yet. */
  private void createDirectory() throws IOException {
    Path dir = file.getParent();
    if (Files.isDirectory(dir)) {
      return;
    }
    if (POSIX) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  private FileChannel openLockFile() throws IOException {
    Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    if (POSIX) {
      FileAttribute<?> ownerOnly =
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
      return FileChannel.open(lockFile, options, ownerOnly);
    }
    return FileChannel.open(lockFile, options);
  }

  /** Polls rather than blocks, so that a writer stuck in another process cannot hang this one. */
  private FileLock acquire(FileChannel channel, long deadline) throws IOException {
    long pause = 1;
    while (true) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
      if (System.nanoTime() - deadline > 0) {
        throw locked();
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted waiting for the lock on " + file);
      }
      pause = Math.min(pause * 2, 50);
    }
  }

  private IOException locked() {
    return new IOException(
        "the store "
            + file
            + " stayed locked by another process for "
            + TimeUnit.MILLISECONDS.toSeconds(LOCK_TIMEOUT_MILLIS)
            + " s");
  }

  /** Makes the rename itself durable; not every platform can open a directory, which is fine. */
  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | RuntimeException e) {
      // the rename is atomic either way; only its durability across a power cut is at stake
    }
  }
}
