package dev.envelope.cli;

import dev.envelope.KeySource;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.store.CertificateStore;
import dev.envelope.store.EnvelopeHome;
import dev.envelope.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command line's side of the user's stores: where {@code $ENVELOPE_HOME} is (read through
 * {@link Context#env}, never from the process directly), where the store password comes from, and
 * opening the stores a command names. One password protects both files of a home: the personal
 * store {@code my.p12} and the address book {@code addressbook.p12}.
 */
final class StoreAccess {
  static final String PASSWORD_VARIABLE = Stores.PASSWORD_VARIABLE;

  private StoreAccess() {}

  /** A store file and how messages name it. */
  record Target(String label, Path file) {
    boolean exists() {
      return Files.exists(file);
    }

    /** "the personal store (/home/a/.envelope/my.p12)". */
    String describe() {
      return label + " (" + file + ")";
    }
  }

  /** {@code $ENVELOPE_HOME} if set and not blank, else {@code ~/.envelope}. */
  static Path home(Context ctx) {
    return EnvelopeHome.directory(ctx.env(), System.getProperty("user.home"));
  }

  static Target my(Path home) {
    return new Target("the personal store", EnvelopeHome.myStore(home));
  }

  static Target addressBook(Path home) {
    return new Target("the address book", EnvelopeHome.addressBook(home));
  }

  /** {@code my}, {@code addressbook}, or the path of a PKCS #12 file. */
  static Target named(String name, Path home) {
    return switch (name) {
      case "my" -> my(home);
      case "addressbook" -> addressBook(home);
      default -> new Target("the store", Path.of(name).toAbsolutePath().normalize());
    };
  }

  /**
   * The store password: {@code --storepass}, else {@code ENVELOPE_STORE_PASS}, else a prompt with
   * no echo; the caller zeroes it.
   *
   * @param where names the stores in the prompt and in the error
   * @throws CliException exit 2 when there is none of them
   */
  static char[] password(PasswordSpec storepass, Context ctx, String where) throws CliException {
    return password(storepass, ctx, where, false);
  }

  /**
   * As {@link #password(PasswordSpec, Context, String)}; with {@code confirm} (a new file), a typed
   * password is asked twice.
   */
  static char[] password(PasswordSpec storepass, Context ctx, String where, boolean confirm)
      throws CliException {
    if (storepass != null) {
      return storepass.resolve("the store password", ctx.env());
    }
    String set = ctx.env().get(PASSWORD_VARIABLE);
    if (set != null) {
      return set.toCharArray();
    }
    String prompt = confirm ? "Enter a new password for " : "Enter the store password for ";
    char[] typed = ctx.terminal().readPassword(prompt + where + ": ");
    if (typed == null) {
      throw CliException.input(
          where
              + " needs a password: give --storepass "
              + PasswordSpec.FORMS
              + " or set "
              + PASSWORD_VARIABLE,
          null);
    }
    if (confirm) {
      char[] again = ctx.terminal().readPassword("Repeat the new password: ");
      try {
        if (again == null || !Arrays.equals(typed, again)) {
          Arrays.fill(typed, '\0');
          throw CliException.input("the two passwords typed differ; nothing was written", null);
        }
      } finally {
        if (again != null) {
          Arrays.fill(again, '\0');
        }
      }
    }
    return typed;
  }

  /**
   * A new personal store or address book gets the password of the other file of its home, when that
   * exists: a mistyped password fails now (exit 2, nothing written) instead of leaving two files
   * that no one password opens.
   */
  private static void checkSiblings(List<Target> use, char[] password)
      throws KeySourceException, LimitExceededException {
    for (Target t : use) {
      Optional<Path> sibling = t.exists() ? Optional.empty() : sibling(t);
      if (sibling.isPresent() && use.stream().noneMatch(u -> u.file().equals(sibling.get()))) {
        CertificateStore.open(sibling.get(), password).close();
      }
    }
  }

  /** The existing other file of a home ({@code my.p12} beside {@code addressbook.p12}). */
  private static Optional<Path> sibling(Target t) {
    String name = t.file().getFileName().toString();
    String other =
        name.equals(EnvelopeHome.MY_FILE)
            ? EnvelopeHome.ADDRESS_BOOK_FILE
            : name.equals(EnvelopeHome.ADDRESS_BOOK_FILE) ? EnvelopeHome.MY_FILE : null;
    if (other == null) {
      return Optional.empty();
    }
    Path sibling = t.file().resolveSibling(other);
    return Files.exists(sibling) ? Optional.of(sibling) : Optional.empty();
  }

  /** Opened stores, closed (their password copies zeroed) together. */
  record Opened(List<Target> targets, List<CertificateStore> stores) implements AutoCloseable {
    boolean isEmpty() {
      return stores.isEmpty();
    }

    @Override
    public void close() {
      stores.forEach(CertificateStore::close);
    }
  }

  /**
   * Opens stores with one password.
   *
   * @param existingOnly skip files that do not exist (a read); when none exists, no password is
   *     asked and the result is empty
   * @throws KeySourceException exit 2 when the password is wrong for one of them
   */
  static Opened open(
      List<Target> targets, boolean existingOnly, PasswordSpec storepass, Context ctx)
      throws CliException, KeySourceException, LimitExceededException {
    List<Target> use =
        existingOnly ? targets.stream().filter(Target::exists).toList() : List.copyOf(targets);
    if (use.isEmpty()) {
      return new Opened(List.of(), List.of());
    }
    String where =
        use.size() == 1 ? use.get(0).describe() : "the stores in " + use.get(0).file().getParent();
    boolean creating =
        use.stream().noneMatch(t -> Files.exists(t.file()) || sibling(t).isPresent());
    char[] password = password(storepass, ctx, where, creating);
    List<CertificateStore> opened = new ArrayList<>();
    try {
      for (Target t : use) {
        opened.add(CertificateStore.open(t.file(), password));
      }
      checkSiblings(use, password);
      return new Opened(use, List.copyOf(opened));
    } catch (KeySourceException | LimitExceededException | RuntimeException e) {
      opened.forEach(CertificateStore::close);
      throw e;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** No key option: every key of the personal store, as CAPICOM searched the MY store. */
  static KeySource personalKeys(PasswordSpec storepass, Context ctx) throws Exception {
    StoreAccess.Target my = my(home(ctx));
    if (!my.exists()) {
      throw CliException.input(
          "no key given and no personal store at "
              + my.file()
              + ": use --key, --keystore or `envelope store import`",
          null);
    }
    try (Opened opened = open(List.of(my), false, storepass, ctx)) {
      KeySource keys = opened.stores().get(0).keySource();
      if (keys.keys().isEmpty()) {
        throw CliException.input(
            "no key given and "
                + my.describe()
                + " holds no private key: use --key, --keystore"
                + " or `envelope store import`",
            null);
      }
      return keys;
    }
  }
}
