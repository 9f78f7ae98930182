package dev.envelope.store;

import dev.envelope.KeySource;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The user's two stores in {@link EnvelopeHome}, as CAPICOM offered the MY and AddressBook stores:
 * the personal store {@link #my()} (certificates with their private keys, where {@code decrypt}
 * looks for a key) and the {@link #addressBook()} (other people's certificates, where {@code
 * encrypt --to} looks first).
 *
 * <pre>{@code
 * char[] password = Stores.passwordFromEnvironment().orElseThrow();
 * try (Stores stores = Stores.openDefault(password)) {
 *   List<X509Certificate> to = stores.resolveRecipient("bob@example.com", false);
 *   Decrypted d = Envelope.decrypt(message, stores.keySource());
 * }
 * }</pre>
 *
 * <p>Both files share one password, of which each keeps a copy until {@link #close}. Thread-safe.
 */
public final class Stores implements AutoCloseable {
  /** The environment variable with the store password. */
  public static final String PASSWORD_VARIABLE = "ENVELOPE_STORE_PASS";

  private final Path home;
  private final CertificateStore my;
  private final CertificateStore addressBook;
  private KeySource keys;

  private Stores(Path home, CertificateStore my, CertificateStore addressBook) {
    this.home = home;
    this.my = my;
    this.addressBook = addressBook;
  }

  /**
   * Opens the stores in {@link EnvelopeHome#directory()}.
   *
   * @see #open(Path, char[])
   */
  public static Stores openDefault(char[] password)
      throws KeySourceException, LimitExceededException {
    return open(EnvelopeHome.directory(), password);
  }

  /**
   * Opens the stores in a directory; missing files are empty stores, and nothing is created.
   *
   * @param password the store password; copied, so the caller may zero it
   * @throws KeySourceException when the password is wrong for either file, or one is not PKCS #12
   * @throws LimitExceededException when a file exceeds {@link StoreLimits#DEFAULT}
   */
  public static Stores open(Path home, char[] password)
      throws KeySourceException, LimitExceededException {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(password, "password");
    CertificateStore my = CertificateStore.open(EnvelopeHome.myStore(home), password);
    try {
      CertificateStore book = CertificateStore.open(EnvelopeHome.addressBook(home), password);
      return new Stores(home.toAbsolutePath().normalize(), my, book);
    } catch (KeySourceException | LimitExceededException | RuntimeException e) {
      my.close();
      throw e;
    }
  }

  /**
   * The store password from {@code ENVELOPE_STORE_PASS}, when set; the caller zeroes the array.
   * (The command line's {@code --storepass SPEC} comes first; that is the CLI's to read.)
   */
  public static Optional<char[]> passwordFromEnvironment() {
    return passwordFromEnvironment(System.getenv());
  }

  static Optional<char[]> passwordFromEnvironment(Map<String, String> environment) {
    String value = environment.get(PASSWORD_VARIABLE);
    return value == null ? Optional.empty() : Optional.of(value.toCharArray());
  }

  /** The directory of both files. */
  public Path home() {
    return home;
  }

  /** The personal store ({@code my.p12}). */
  public CertificateStore my() {
    return my;
  }

  /** The address book ({@code addressbook.p12}). */
  public CertificateStore addressBook() {
    return addressBook;
  }

  /**
   * Every private key of the personal store with its certificate, for {@code Envelope.decrypt}. The
   * keys are read on the first call and the same source is returned afterwards; it holds no
   * password and may be shared between threads.
   *
   * @throws KeySourceException when a key cannot be decrypted with the store password
   */
  public synchronized KeySource keySource() throws KeySourceException {
    if (keys == null) {
      keys = my.keySource();
    }
    return keys;
  }

  /**
   * The certificates a recipient query means, from the address book and then the personal store (a
   * certificate in both counts once).
   *
   * @param query as {@link CertificateQuery#parse} reads it
   * @param all whether several matches are all wanted; otherwise several are an error
   * @throws KeySourceException when nothing matches, or several do and {@code all} is false; the
   *     one-line message lists up to five candidates by subject and SHA-1 thumbprint
   * @throws IllegalArgumentException when the query is blank
   */
  public List<X509Certificate> resolveRecipient(String query, boolean all)
      throws KeySourceException {
    return resolveRecipient(CertificateQuery.parse(query), all);
  }

  /**
   * The certificates a parsed query means.
   *
   * @see #resolveRecipient(String, boolean)
   */
  public List<X509Certificate> resolveRecipient(CertificateQuery query, boolean all)
      throws KeySourceException {
    Objects.requireNonNull(query, "query");
    List<X509Certificate> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (CertificateStore store : List.of(addressBook, my)) {
      for (StoreEntry e : store.find(query)) {
        if (seen.add(e.sha256())) {
          out.add(e.certificate());
        }
      }
    }
    CertificateQuery.requireMatch(query, out, all, "the address book or the personal store");
    return List.copyOf(out);
  }

  /** Zeroes both password copies. */
  @Override
  public void close() {
    my.close();
    addressBook.close();
  }

  @Override
  public String toString() {
    return "Stores[" + home + "]";
  }
}
