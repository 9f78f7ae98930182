package dev.envelope.cli;

import dev.envelope.KeyEntry;
import dev.envelope.KeySource;
import dev.envelope.LocalKey;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.store.CertificateStore;
import dev.envelope.store.KeyStoreFiles;
import dev.envelope.store.StoreEntry;
import dev.envelope.x509.CertificateIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The local keys {@code envelope inspect} compares with recipient identifiers: those of {@code
 * --key}/{@code --cert} and {@code --keystore} when given, else the personal store's when its
 * password is at hand ({@code --storepass} or {@code ENVELOPE_STORE_PASS}). Inspect never prompts:
 * the context it reads through has a terminal that answers no prompt. Only certificates and public
 * keys leave here; no private-key operation is done.
 */
final class InspectKeys {
  private InspectKeys() {}

  /** One {@code --key} with its optional {@code --cert}. */
  record KeyFile(Path key, Path cert) {}

  /** One {@code --keystore} with its {@code --storepass}. */
  record StoreFile(Path file, PasswordSpec password) {}

  /**
   * The keys to match, or null when there is nothing to match against (no option, and no personal
   * store or no password for it): then inspect shows no matching at all.
   *
   * @param personalPass a {@code --storepass} without {@code --keystore}, or null
   * @throws CliException exit 2 when a file given cannot be read, or when the personal store's
   *     password given with {@code --storepass} is wrong
   */
  static List<LocalKey> collect(
      List<KeyFile> keys,
      PasswordSpec keypass,
      List<StoreFile> stores,
      PasswordSpec personalPass,
      Context ctx)
      throws CliException, KeySourceException, LimitExceededException {
    Context quiet = noPrompt(ctx);
    if (keys.isEmpty() && stores.isEmpty()) {
      return personal(personalPass, quiet);
    }
    List<LocalKey> out = new ArrayList<>();
    for (KeyFile k : keys) {
      String source = k.key().toString();
      KeySource pair = KeyFiles.keyPair(k.key(), k.cert(), keypass, quiet);
      for (KeyEntry e : pair.keys()) {
        if (e.certificate() != null) {
          out.add(LocalKey.of(source, e.certificate()));
        } else {
          Optional<PublicKey> pub = CertificateIds.publicKeyOf(e.privateKey());
          pub.ifPresent(p -> out.add(LocalKey.of(source, p)));
        }
      }
    }
    for (StoreFile s : stores) {
      out.addAll(keyStore(s, quiet));
    }
    return Collections.unmodifiableList(out);
  }

  /** The certificates of the key entries of a key store file; private keys are not read. */
  private static List<LocalKey> keyStore(StoreFile s, Context ctx)
      throws CliException, KeySourceException, LimitExceededException {
    if (!Files.exists(s.file())) {
      throw CliException.input("no such key store file: " + s.file(), null);
    }
    if (s.password() == null) {
      throw CliException.input(
          "key store "
              + s.file()
              + " needs a password: give --storepass "
              + PasswordSpec.FORMS
              + " (inspect does not prompt)",
          null);
    }
    char[] password = s.password().resolve("the password of key store " + s.file(), ctx.env());
    try {
      KeyStore store = KeyStoreFiles.load(s.file(), password);
      List<LocalKey> out = new ArrayList<>();
      for (String alias : Collections.list(store.aliases())) {
        Certificate c = store.isKeyEntry(alias) ? store.getCertificate(alias) : null;
        if (c instanceof X509Certificate x) {
          out.add(LocalKey.of(s.file().toString(), x));
        }
      }
      return out;
    } catch (KeyStoreException e) {
      throw new KeySourceException("cannot read key store " + s.file() + ": " + e.getMessage(), e);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * The personal store's certificates that have their private key there, when the store exists and
   * a password is given; null otherwise. A wrong {@code ENVELOPE_STORE_PASS} only skips matching
   * (with a warning), while a wrong {@code --storepass}, asked for on the command line, fails.
   */
  private static List<LocalKey> personal(PasswordSpec storepass, Context ctx)
      throws CliException, KeySourceException, LimitExceededException {
    StoreAccess.Target my = StoreAccess.my(StoreAccess.home(ctx));
    if (!my.exists()) {
      return null;
    }
    String fromEnv = ctx.env().get(StoreAccess.PASSWORD_VARIABLE);
    if (storepass == null && fromEnv == null) {
      return null; // no password at hand and no prompt: matching is skipped, silently
    }
    char[] password =
        storepass != null
            ? storepass.resolve("the store password", ctx.env())
            : fromEnv.toCharArray();
    try (CertificateStore store = CertificateStore.open(my.file(), password)) {
      List<LocalKey> out = new ArrayList<>();
      for (StoreEntry e : store.entries()) {
        if (e.hasPrivateKey()) {
          out.add(LocalKey.of(my.describe(), e.certificate()));
        }
      }
      return Collections.unmodifiableList(out);
    } catch (KeySourceException e) {
      if (storepass != null) {
        throw e;
      }
      ctx.err()
          .println(
              "envelope: warning: "
                  + StoreAccess.PASSWORD_VARIABLE
                  + " does not open "
                  + my.describe()
                  + "; recipients are not matched with local keys");
      return null;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** The same context with a terminal that answers no password prompt. */
  private static Context noPrompt(Context ctx) {
    Terminal t = ctx.terminal();
    Terminal silent =
        new Terminal() {
          @Override
          public boolean stdoutIsTerminal() {
            return t.stdoutIsTerminal();
          }

          @Override
          public boolean stderrIsTerminal() {
            return t.stderrIsTerminal();
          }

          @Override
          public char[] readPassword(String prompt) {
            return null;
          }
        };
    return new Context(ctx.in(), ctx.out(), ctx.err(), silent, ctx.env());
  }
}
