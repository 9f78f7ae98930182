package dev.envelope.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where Envelope keeps the user's stores: the directory named by {@code $ENVELOPE_HOME}, else
 * {@code ~/.envelope}. Resolving it creates nothing; the directory is made, owner-only, by the
 * first change to a store in it.
 */
public final class EnvelopeHome {
  /** The environment variable that names the directory. */
  public static final String ENVIRONMENT_VARIABLE = "ENVELOPE_HOME";

  /** The personal store's file name: certificates with their private keys. */
  public static final String MY_FILE = "my.p12";

  /** The address book's file name: other people's certificates. */
  public static final String ADDRESS_BOOK_FILE = "addressbook.p12";

  private EnvelopeHome() {}

  /**
   * The directory for this process: {@code $ENVELOPE_HOME} if set and not blank, else {@code
   * ~/.envelope}.
   */
  public static Path directory() {
    return directory(System.getenv(), System.getProperty("user.home"));
  }

  /**
   * The directory for this environment and home directory (a tool that passes its environment
   * around, rather than reading the process's, uses this).
   */
  public static Path directory(Map<String, String> environment, String userHome) {
    String set = environment.get(ENVIRONMENT_VARIABLE);
    if (set != null && !set.isBlank()) {
      return Path.of(set).toAbsolutePath().normalize();
    }
    Objects.requireNonNull(userHome, "user.home");
    return Path.of(userHome, ".envelope").toAbsolutePath().normalize();
  }

  /** The personal store file in a home directory. */
  public static Path myStore(Path home) {
    return home.resolve(MY_FILE);
  }

  /** The address book file in a home directory. */
  public static Path addressBook(Path home) {
    return home.resolve(ADDRESS_BOOK_FILE);
  }
}
