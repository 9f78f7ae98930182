package dev.envelope.store;

import dev.envelope.KeyEntry;
import dev.envelope.KeySource;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.x509.CertificateBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One PKCS #12 certificate store file, such as the personal store {@code my.p12} (certificates with
 * their private keys) or the address book {@code addressbook.p12} (other people's certificates).
 *
 * <pre>{@code
 * try (CertificateStore my = CertificateStore.open(home.resolve("my.p12"), password)) {
 *   my.importPkcs12(Path.of("alice.p12"), filePassword);
 *   StoreEntry alice = my.find(CertificateQuery.parse("alice@example.com")).get(0);
 *   PrivateKey key = my.privateKey(alice);
 * }
 * }</pre>
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>A missing file reads as an empty store; the file and its directory (owner-only) are made by
 *       the first change.
 *   <li>Every change takes an exclusive lock on {@code FILE.lock}, re-reads the file under it, and
 *       replaces the file atomically (temporary file, forced to disk, renamed), so concurrent
 *       writers, threads or processes, lose nothing and a crash leaves the previous file intact.
 *   <li>Files are written with the JDK's PKCS #12 protection (on JDK 17 and later: keys and
 *       certificates encrypted with AES-256-CBC under PBKDF2 with HMAC-SHA256, the MAC with
 *       HMAC-SHA256), which OpenSSL 3 reads without {@code -legacy}; keys are protected with the
 *       store password.
 *   <li>A wrong password fails with {@link KeySourceException} "wrong password for store FILE"
 *       (exit code 2) and writes nothing.
 *   <li>A certificate is stored once: adding one already present (same SHA-256) changes nothing,
 *       except that a private key is added to a certificate stored without one.
 * </ul>
 *
 * <p>The store keeps a copy of the password until {@link #close}, which zeroes it. All methods are
 * thread-safe. {@link #entries()} is the store as this object last read or wrote it; {@link
 * #reload} reads it again.
 */
public final class CertificateStore implements AutoCloseable {
  private final StoreFile file;
  private final char[] password;
  private KeyStore current;
  private List<StoreEntry> entries;
  private boolean closed;

  /** What adding a certificate did. */
  public record Added(StoreEntry entry, boolean alreadyPresent) {}

  private CertificateStore(StoreFile file, char[] password, KeyStore current) {
    this.file = file;
    this.password = password;
    this.current = current;
    this.entries = StoreEntries.list(current);
  }

  /**
   * Opens a store file with the default limits; a missing file is an empty store.
   *
   * @param password the store password; copied, so the caller may zero it
   * @throws KeySourceException when the password is wrong or the file is not a PKCS #12 store
   * @throws LimitExceededException when the file or its MAC iteration count exceeds {@link
   *     StoreLimits#DEFAULT}
   */
  public static CertificateStore open(Path file, char[] password)
      throws KeySourceException, LimitExceededException {
    return open(file, password, StoreLimits.DEFAULT);
  }

  /**
   * Opens a store file; a missing file is an empty store.
   *
   * @see #open(Path, char[])
   */
  public static CertificateStore open(Path file, char[] password, StoreLimits limits)
      throws KeySourceException, LimitExceededException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(limits, "limits");
    StoreFile f = new StoreFile(file, limits);
    char[] copy = password.clone();
    try {
      return new CertificateStore(f, copy, f.load(copy));
    } catch (KeySourceException | LimitExceededException | RuntimeException e) {
      Arrays.fill(copy, '\0');
      throw e;
    }
  }

  /** The store's file (absolute). */
  public Path file() {
    return file.path();
  }

  /** Every certificate in the store, in file order. */
  public synchronized List<StoreEntry> entries() {
    checkOpen();
    return entries;
  }

  /** The entries whose certificate the query matches, in file order. */
  public List<StoreEntry> find(CertificateQuery query) {
    Objects.requireNonNull(query, "query");
    return entries().stream().filter(e -> query.matches(e.certificate())).toList();
  }

  /**
   * Reads the file again, to see what other processes wrote.
   *
   * @throws KeySourceException when the file became unreadable
   */
  public synchronized void reload() throws KeySourceException, LimitExceededException {
    checkOpen();
    refresh(file.load(password));
  }

  /**
   * The private key of an entry.
   *
   * @throws KeySourceException when the entry has no key, is no longer in the store, or its key
   *     cannot be decrypted with the store password
   */
  public synchronized PrivateKey privateKey(StoreEntry entry) throws KeySourceException {
    checkOpen();
    Objects.requireNonNull(entry, "entry");
    if (!entry.hasPrivateKey()) {
      throw new KeySourceException(
          "the store " + file() + " has no private key for " + describe(entry));
    }
    String alias = StoreEntries.aliasOf(current, entry.certificate());
    try {
      if (alias == null || !current.isKeyEntry(alias)) {
        throw new KeySourceException(describe(entry) + " is no longer in the store " + file());
      }
      Key key = current.getKey(alias, password);
      if (key instanceof PrivateKey pk) {
        return pk;
      }
      throw new KeySourceException(
          "the entry " + alias + " of " + file() + " is not a private key");
    } catch (KeySourceException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new KeySourceException(
          "cannot read the private key "
              + alias
              + " of the store "
              + file()
              + ": "
              + CertificateFiles.reason(e),
          e);
    }
  }

  /**
   * Every private key of the store with its certificate, read now; the source keeps no password.
   *
   * @throws KeySourceException when a key cannot be decrypted with the store password
   */
  public KeySource keySource() throws KeySourceException {
    List<KeyEntry> keys = new ArrayList<>();
    for (StoreEntry e : entries()) {
      if (e.hasPrivateKey()) {
        keys.add(new KeyEntry(e.certificate(), privateKey(e)));
      }
    }
    return KeySource.of(keys);
  }

  /**
   * Adds a certificate without a private key (to the address book, typically).
   *
   * @see #add(X509Certificate, PrivateKey, List)
   */
  public Added add(X509Certificate certificate) throws EnvelopeException, IOException {
    return add(certificate, null, List.of());
  }

  /**
   * Adds a certificate, with its private key when given.
   *
   * @param key the certificate's private key, or null
   * @param chain the certificate followed by its issuers, or empty for the certificate alone
   * @throws KeySourceException when the key does not belong to the certificate, the chain does not
   *     start with the certificate, or the store password is wrong
   * @throws IOException when the store cannot be written
   */
  public Added add(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain)
      throws EnvelopeException, IOException {
    StoreEntries.Item item = StoreEntries.item(certificate, key, chain, "the certificate");
    return addAll(List.of(item)).get(0);
  }

  /**
   * Imports every key (with its chain) and every certificate of a PKCS #12 file, such as one made
   * by {@code openssl pkcs12 -export}, with current or legacy (RC2, 3DES) protection; JKS files are
   * read as well. All of it is written at once.
   *
   * @param password the file's password (not the store's); not modified
   * @throws KeySourceException when the file cannot be read, its password is wrong or it holds no
   *     certificate, or the store password is wrong
   * @throws IOException when the store cannot be written
   */
  public List<Added> importPkcs12(Path pkcs12, char[] password)
      throws EnvelopeException, IOException {
    Objects.requireNonNull(pkcs12, "pkcs12");
    KeyStore source = KeyStoreFiles.load(pkcs12, password, StoreLimits.DEFAULT);
    return addAll(StoreEntries.items(source, password, pkcs12.toString()));
  }

  /**
   * Imports a PKCS #12 file from its bytes.
   *
   * @param source names the data in messages (a file name)
   * @see #importPkcs12(Path, char[])
   */
  public List<Added> importPkcs12(byte[] pkcs12, String source, char[] password)
      throws EnvelopeException, IOException {
    KeyStore store = KeyStoreFiles.load(pkcs12, source, password, StoreLimits.DEFAULT);
    return addAll(StoreEntries.items(store, password, source));
  }

  private synchronized List<Added> addAll(List<StoreEntries.Item> items)
      throws EnvelopeException, IOException {
    checkOpen();
    List<StoreEntries.Put> puts = new ArrayList<>();
    KeyStore written =
        file.update(
            password,
            store -> {
              puts.clear();
              boolean changed = false;
              for (StoreEntries.Item item : items) {
                StoreEntries.Put put = StoreEntries.put(store, item, password);
                puts.add(put);
                changed |= put.changed();
              }
              return changed;
            });
    refresh(written);
    List<Added> out = new ArrayList<>();
    for (StoreEntries.Put put : puts) {
      StoreEntry entry =
          entries.stream().filter(e -> e.alias().equals(put.alias())).findFirst().orElseThrow();
      out.add(new Added(entry, !put.changed()));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Removes an entry (found by its certificate's SHA-256, wherever it is now in the file).
   *
   * @return false when it was not in the store any more
   * @throws KeySourceException when the store password is wrong
   * @throws IOException when the store cannot be written
   */
  public synchronized boolean remove(StoreEntry entry) throws EnvelopeException, IOException {
    checkOpen();
    Objects.requireNonNull(entry, "entry");
    boolean[] removed = {false};
    KeyStore written =
        file.update(
            password,
            store -> {
              String alias = StoreEntries.aliasOf(store, entry.certificate());
              if (alias == null) {
                return false;
              }
              try {
                store.deleteEntry(alias);
              } catch (GeneralSecurityException e) {
                throw new KeySourceException("cannot remove " + alias + ": " + e.getMessage(), e);
              }
              removed[0] = true;
              return true;
            });
    refresh(written);
    return removed[0];
  }

  /** The entry's certificate as PEM text (RFC 7468), which {@code openssl x509} reads. */
  public String exportPem(StoreEntry entry) {
    Objects.requireNonNull(entry, "entry");
    return CertificateBuilder.toPem(entry.certificate());
  }

  /**
   * The entry's private key, certificate and chain as a new PKCS #12 file protected with {@code
   * exportPassword} (AES-256-CBC and PBKDF2 on current JDKs), for another program or machine.
   *
   * @param exportPassword the new file's password; not modified
   * @throws KeySourceException when the entry has no private key or it cannot be read
   */
  public byte[] exportPkcs12(StoreEntry entry, char[] exportPassword) throws KeySourceException {
    Objects.requireNonNull(exportPassword, "exportPassword");
    PrivateKey key = privateKey(entry);
    KeyStore out = StoreFile.empty();
    try {
      out.setEntry(
          entry.alias(),
          new KeyStore.PrivateKeyEntry(key, entry.chain().toArray(new Certificate[0])),
          StoreEntries.protection(exportPassword));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      out.store(bytes, exportPassword);
      return bytes.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new KeySourceException(
          "cannot export " + describe(entry) + ": " + CertificateFiles.reason(e), e);
    }
  }

  /** Zeroes the password copy; the store cannot be used afterwards. */
  @Override
  public synchronized void close() {
    closed = true;
    Arrays.fill(password, '\0');
  }

  private void refresh(KeyStore store) {
    current = store;
    entries = StoreEntries.list(store);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store " + file() + " is closed");
    }
  }

  private static String describe(StoreEntry entry) {
    return CertificateFacts.describe(entry.certificate());
  }

  @Override
  public String toString() {
    return "CertificateStore[" + file() + "]";
  }
}
